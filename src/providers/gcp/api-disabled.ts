import type { Logger } from 'pino';
import type { CollectionError } from '../../inventory/common.ts';
import { GcpApiError } from './clients.ts';

/**
 * The API is not enabled in the project (403 accessNotConfigured / SERVICE_DISABLED). ajar treats
 * that as "this project uses none of the service": resources of Cloud SQL and BigQuery are created
 * and served through their API, so a project with the API off holds none a user could reach.
 * The collector logs it at info level instead of reporting a collection error per project.
 */
const isApiDisabled = (error: GcpApiError): boolean =>
  error.httpStatus === 403 && (error.code === 'accessNotConfigured' || error.code === 'SERVICE_DISABLED' || /has not been used in project|is disabled/i.test(error.message));

/**
 * A service's listing in one project failed: with the API off, logged as `disabled`; otherwise a
 * collection error for the project, and a network failure is thrown on to end the scan.
 */
export function listingFailed(error: unknown, options: { project: string; log: Logger; onError: (error: CollectionError) => void }, operation: string, disabled: string): void {
  if (!(error instanceof GcpApiError)) throw error;
  const { project } = options;
  if (isApiDisabled(error)) {
    options.log.info({ project, operation }, disabled);
    return;
  }
  options.onError({ provider: 'gcp', account: project, operation, code: error.code, message: error.message });
  if (error.network) throw error;
}
