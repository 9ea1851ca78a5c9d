/** Turns whatever an Azure SDK call threw into an error code and a one-line message. */
export interface ClassifiedAzureError {
  code: string;
  message: string;
  httpStatus?: number;
  /** Nothing answered (refused, unresolvable, timed out, TLS failure). */
  network: boolean;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

/** DefaultAzureCredential tried each credential in turn: say what each one lacked, briefly. */
function describeAggregate(errors: unknown[]): string {
  const reasons = errors.map((e) => String((e as Error).message ?? e).split('\n')[0]!.split(/\.\s/)[0]!.slice(0, 90));
  return `no credential available (${reasons.join('; ')}); sign in with az login, set the AZURE_* variables of EnvironmentCredential, or set AJAR_AZURE_ACCESS_TOKEN`;
}

export function classifyAzureError(error: unknown): ClassifiedAzureError {
  if ((error as Error)?.name === 'AggregateAuthenticationError' && Array.isArray((error as { errors?: unknown[] }).errors)) {
    return { code: 'CredentialUnavailable', message: describeAggregate((error as { errors: unknown[] }).errors).slice(0, 600), network: false };
  }
  const e = error as { name?: string; code?: string; statusCode?: number; message?: string; details?: { error?: { code?: string; message?: string } }; cause?: { code?: string } };
  const httpStatus = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const causeCode = e.cause?.code;
  const network = httpStatus === undefined && ((e.code !== undefined && NETWORK_CODES.has(e.code)) || (causeCode !== undefined && NETWORK_CODES.has(causeCode)));
  // ARM puts the service's own code in the body ({"error": {"code": "AuthorizationFailed"}}).
  const bodyCode = e.details?.error?.code;
  let code = bodyCode ?? (network && causeCode ? causeCode : e.code) ?? e.name ?? 'UnknownError';
  if ((code === 'UnknownError' || code === 'RestError') && httpStatus) code = `HTTP${httpStatus}`;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AggregateAuthenticationError') code = 'CredentialUnavailable';
  const message = (e.details?.error?.message ?? e.message ?? code).split('\n')[0]!.slice(0, 300);
  return { code, message, httpStatus, network };
}
