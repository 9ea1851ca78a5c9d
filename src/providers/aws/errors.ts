/** Turns whatever an AWS SDK call threw into an error code and a one-line message. */
export interface ClassifiedError {
  code: string;
  message: string;
  httpStatus?: number;
  /** The network never answered (refused, unresolvable, timed out). */
  network: boolean;
  /** For 301 PermanentRedirect: the region the bucket lives in. */
  bucketRegion?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'TimeoutError']);

export function classifyAwsError(error: unknown): ClassifiedError {
  const e = error as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string> };
    BucketRegion?: string;
    errors?: unknown[];
  };
  const inner = Array.isArray(e.errors) && e.errors.length > 0 ? (e.errors[0] as typeof e) : undefined;
  const httpStatus = e.$metadata?.httpStatusCode;
  const systemCode = e.code ?? inner?.code;
  const network = systemCode !== undefined && NETWORK_CODES.has(systemCode);
  let code = network ? systemCode! : (e.Code ?? e.name ?? 'UnknownError');
  if (httpStatus === 501 || code === 'NotImplemented') code = 'NotImplemented';
  // Some endpoints answer an error with no parseable code; the status is then the best code.
  if ((code === 'UnknownError' || code === 'Error') && httpStatus) code = `HTTP${httpStatus}`;
  const message = (e.message || inner?.message || code).split('\n')[0]!.slice(0, 300);
  const bucketRegion = e.BucketRegion ?? e.$response?.headers?.['x-amz-bucket-region'];
  return { code, message, httpStatus, network, bucketRegion };
}

/**
 * Answers by which an endpoint says it does not serve the API at all, as an S3-compatible store
 * (MinIO, Ceph, R2 ...) answers an EC2 or RDS request: no such route (404), method not allowed
 * (405), not implemented (501), or an unknown action. Throttling, 403 and 5xx are not among them:
 * those come from a server that does serve the API and did not answer this time.
 */
const UNSERVED_STATUSES = new Set([404, 405, 501]);
const UNSERVED_CODES = new Set(['NotImplemented', 'InvalidAction', 'UnknownOperationException', 'MethodNotAllowed', 'UnsupportedOperation']);

export function isUnservedApi(failure: ClassifiedError): boolean {
  return !failure.network && (UNSERVED_CODES.has(failure.code) || (failure.httpStatus !== undefined && UNSERVED_STATUSES.has(failure.httpStatus)));
}
