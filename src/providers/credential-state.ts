/**
 * Rejected credentials, the same way for every cloud: the first answer that says the credentials
 * themselves are bad (AWS InvalidAccessKeyId / SignatureDoesNotMatch / ExpiredToken, ARM 401,
 * Google 401) is recorded once and told once; after it no client of the run sends anything, and
 * each further call fails at once with that code, so what it would have read is `unknown`.
 */
import type { Logger } from 'pino';

/** Shared by every client of one provider's run. */
export interface CredentialState {
  rejected?: { operation: string; code: string };
  onRejected?: (operation: string, code: string) => void;
}

/** A request not sent because an earlier answer rejected the run's credentials. */
export class CredentialsRejected extends Error {
  override name = 'CredentialsRejected';
  readonly code: string;
  /** AWS-style code, so classifyAwsError names it too. */
  readonly Code: string;
  constructor(state: Required<Pick<CredentialState, 'rejected'>>, operation: string) {
    super(`${operation} not sent: the credentials were rejected (${state.rejected.code}) by ${state.rejected.operation}`);
    this.code = state.rejected.code;
    this.Code = state.rejected.code;
  }
}

/** Throws CredentialsRejected once the run's credentials have been rejected. */
export function refuseIfRejected(state: CredentialState, operation: string): void {
  if (state.rejected) throw new CredentialsRejected({ rejected: state.rejected }, operation);
}

/** Records the first rejection and tells it; later ones change nothing. */
export function recordRejection(state: CredentialState, operation: string, code: string): void {
  if (state.rejected) return;
  state.rejected = { operation, code };
  state.onRejected?.(operation, code);
}

/** The one line a provider prints when its credentials are rejected. */
export const logRejection = (log: Logger, provider: string, label: string) => (operation: string, code: string) =>
  log.error({ provider, operation, code }, `${label} rejected the credentials (${code}) on ${operation}: nothing more is sent to ${label}, the rest is unknown`);
