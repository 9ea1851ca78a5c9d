import type { GcpApiError } from './clients.ts';

/**
 * The API is not enabled in the project (403 accessNotConfigured / SERVICE_DISABLED). ajar treats
 * that as "this project uses none of the service": resources of Cloud SQL and BigQuery are created
 * and served through their API, so a project with the API off holds none a user could reach.
 * The collector logs it at info level instead of reporting a collection error per project.
 */
export const isApiDisabled = (error: GcpApiError): boolean =>
  error.httpStatus === 403 && (error.code === 'accessNotConfigured' || error.code === 'SERVICE_DISABLED' || /has not been used in project|is disabled/i.test(error.message));
