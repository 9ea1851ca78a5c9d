import type { Logger } from 'pino';
import type { CollectionError } from '../../inventory/common.ts';
import { GcpApiError } from './clients.ts';

/**
 * The API is not enabled in the project (403 accessNotConfigured / SERVICE_DISABLED). ajar treats
 * that as "this project uses none of the service": resources of Cloud SQL and BigQuery are created
 * and served through their API, so a project with the API off holds none a user could reach.
 * The collector logs it at info level instead of reporting a collection error per project.
 *
 * Only the machine-readable reasons say so: the ErrorInfo reason `SERVICE_DISABLED`
 * (https://cloud.google.com/apis/design/errors#error_info, the reasons of the googleapis.com
 * domain: https://cloud.google.com/service-usage/docs/reference/rest/Shared.Types/ErrorReason)
 * or the legacy `errors[].reason` `accessNotConfigured`. The message text is not read: a 403
 * whose message happens to say "is disabled" (a disabled service account, a disabled billing
 * account) is a refusal, and a refusal is a collection error, never "nothing here".
 */
const isApiDisabled = (error: GcpApiError): boolean =>
  error.httpStatus === 403 && (error.code === 'accessNotConfigured' || error.errorInfoReason === 'SERVICE_DISABLED');

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
