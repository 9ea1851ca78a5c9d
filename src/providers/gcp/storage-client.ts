/**
 * Cloud Storage through the official `@google-cloud/storage` client (JSON API), pointed at the
 * run's endpoint with `apiEndpoint`. ajar's guarantees are kept through the SDK's own extension
 * points:
 *
 * - a request interceptor (`storage.interceptors`) sees every request the SDK builds, before
 *   authentication and before anything is sent: it lets through only the four GETs ajar makes
 *   (buckets.list, buckets.getIamPolicy, the two ACL lists), refuses everything else (any other
 *   method, any object read), and counts each request under its JSON API operation;
 * - the SDK's own retry loop (retry-request) is switched off (`retryOptions.autoRetry: false`),
 *   because its attempts never pass the interceptor (a counter would see one request where the
 *   server saw three) and its backoff ignores Retry-After. Each SDK call is therefore exactly one
 *   HTTP request, and `call()` below retries 429/5xx around it, waiting Retry-After, so every
 *   attempt goes through the interceptor and is counted;
 * - authentication is the run's token source (clients.ts decides: AJAR_GCP_ACCESS_TOKEN, nothing
 *   for a loopback endpoint, Application Default Credentials otherwise), handed to the SDK as its
 *   `authClient`, with `useAuthWithCustomEndpoint` so the SDK asks it even for a custom endpoint.
 */
import { Storage, type ApiError, type GetBucketsRequest } from '@google-cloud/storage';
import { AuthClient } from 'google-auth-library';
import { gcpContentRead } from '../content-reads.ts';
import { CallCounter, DEFAULT_REQUEST_TIMEOUT_MS, errorCodeOf, GcpApiError, MutatingCallRefused, retryAfterMs, withRetries, type RetryOptions, type TokenSource } from './clients.ts';

/** The run's token source as the SDK's auth client: a bearer header when there is a token, none otherwise. */
class TokenSourceAuthClient extends AuthClient {
  private readonly source: TokenSource;
  constructor(source: TokenSource) {
    super();
    this.source = source;
  }
  async getAccessToken(): Promise<{ token?: string | null }> {
    return { token: (await this.source()) ?? null };
  }
  async getRequestHeaders(): Promise<Headers> {
    const token = await this.source();
    return new Headers(token ? { authorization: `Bearer ${token}` } : {});
  }
  request(): never {
    // The Storage client authorises its own requests through getRequestHeaders; nothing may send through here.
    throw new MutatingCallRefused('ajar: the Cloud Storage auth client does not send requests of its own');
  }
}

/** The JSON API operation behind a request path under /storage/v1 (what the counter and errors name). */
export function storageOperationOf(uri: string): string {
  const path = new URL(uri, 'http://storage').pathname.replace(/^.*?\/storage\/v1/, '');
  if (path === '/b') return 'storage.buckets.list';
  if (/^\/b\/[^/]+\/iam$/.test(path)) return 'storage.buckets.getIamPolicy';
  if (/^\/b\/[^/]+\/acl$/.test(path)) return 'storage.bucketAccessControls.list';
  if (/^\/b\/[^/]+\/defaultObjectAcl$/.test(path)) return 'storage.defaultObjectAccessControls.list';
  return 'storage.other';
}

export interface GcsClientOptions extends RetryOptions {
  /** Root URL standing in for storage.googleapis.com; default: Google's. */
  endpoint?: string;
  token: TokenSource;
  /** Shared with the REST client, so the report counts every Google API call in one place. */
  counter: CallCounter;
  timeoutMs?: number;
}

export interface BucketsPage<B> {
  items?: B[];
  nextPageToken?: string;
}

/** The only requests the Storage client may send: bucket settings, never objects. */
const READ_OPERATIONS = new Set(['storage.buckets.list', 'storage.buckets.getIamPolicy', 'storage.bucketAccessControls.list', 'storage.defaultObjectAccessControls.list']);

/** Network failures worth another attempt; a refused or unresolvable endpoint is not. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);
const NETWORK = new Set([...TRANSIENT_NETWORK, 'ECONNREFUSED', 'ENOTFOUND']);

type SdkError = ApiError & { response?: { statusCode?: number; headers?: Record<string, string | string[] | undefined>; body?: unknown }; errno?: string; type?: string };

/** The SDK's error as ajar's: the reason the SDK parsed, else what Google's JSON error body says. */
function toGcpApiError(operation: string, error: SdkError): GcpApiError {
  // The HTTP status from the response; an error body's own `code` may say otherwise.
  const status = error.response?.statusCode ?? (typeof error.code === 'number' ? error.code : undefined);
  if (status === undefined) {
    const code = String(error.code ?? error.errno ?? error.name);
    return new GcpApiError({ operation, code, message: (error.message ?? '').split('\n')[0]!.slice(0, 300), network: NETWORK.has(code) || error.type === 'request-timeout' });
  }
  let body: unknown;
  try {
    const raw = error.response?.body;
    body = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    body = undefined;
  }
  const fromBody = errorCodeOf(status, body, error.message ?? `HTTP ${status}`);
  const code = error.errors?.[0]?.reason ?? fromBody.code;
  return new GcpApiError({ operation, code, message: fromBody.message, httpStatus: status, retryAfterMs: retryAfterMs(header(error.response?.headers, 'retry-after')) });
}

const header = (headers: Record<string, string | string[] | undefined> | undefined, name: string): string | null => {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

export class GcsClient {
  /** The SDK client itself (exposed for the read-only guard's test). */
  readonly storage: Storage;
  readonly counter: CallCounter;
  private readonly options: GcsClientOptions;

  constructor(options: GcsClientOptions) {
    this.options = options;
    this.counter = options.counter;
    this.storage = new Storage({
      ...(options.endpoint ? { apiEndpoint: options.endpoint.replace(/\/+$/, '') } : {}),
      authClient: new TokenSourceAuthClient(options.token),
      useAuthWithCustomEndpoint: true,
      retryOptions: { autoRetry: false },
      timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    const counter = this.counter;
    this.storage.interceptors.push({
      request(options) {
        // The Storage client's own request shape (DecorateRequestOptions): a uri, not a url.
        const reqOpts = options as typeof options & { uri?: string; method?: string };
        const method = (reqOpts.method ?? 'GET').toUpperCase();
        // Resumable uploads send through gaxios, not this pipeline; the SDK only runs the
        // interceptors over an empty object to build their options. Refusing here stops them.
        if (reqOpts.uri === undefined) throw new MutatingCallRefused('ajar is read-only: refused a resumable upload before sending it');
        const { uri } = reqOpts;
        const operation = storageOperationOf(uri);
        const requested = new URL(uri, 'http://storage');
        for (const [key, value] of Object.entries((reqOpts as { qs?: Record<string, unknown> }).qs ?? {})) requested.searchParams.set(key, String(value));
        const content = gcpContentRead(requested);
        if (content) throw new MutatingCallRefused(`ajar never reads contents: refused ${method} ${requested.pathname}, ${content}, before sending it`);
        if (method !== 'GET' || !READ_OPERATIONS.has(operation)) {
          throw new MutatingCallRefused(`ajar reads bucket settings only: refused ${method} ${new URL(uri, 'http://storage').pathname} before sending it`);
        }
        counter.record(operation);
        return reqOpts as typeof reqOpts & { uri: string };
      },
    });
  }

  /** One SDK call per attempt; 429 and 5xx are retried after Retry-After (or backoff). */
  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return withRetries(this.counter, this.options, TRANSIENT_NETWORK, async () => {
      try {
        return await fn();
      } catch (thrown) {
        if (thrown instanceof MutatingCallRefused || !(thrown instanceof Error) || thrown.name === 'GcpCredentialsMissing') throw thrown;
        throw toGcpApiError(operation, thrown as SdkError);
      }
    }, 'storage');
  }

  /** One page of `buckets.list` (https://cloud.google.com/storage/docs/json_api/v1/buckets/list). */
  listBuckets<B>(project: string, projection: string, pageToken?: string): Promise<BucketsPage<B>> {
    return this.call('storage.buckets.list', async () => {
      const [, , response] = await this.storage.getBuckets({ project, projection, maxResults: 1000, autoPaginate: false, ...(pageToken ? { pageToken } : {}) } as GetBucketsRequest);
      return (response ?? {}) as BucketsPage<B>;
    });
  }

  /** Every page of a project's buckets, following nextPageToken. */
  async *bucketPages<B>(project: string, projection: string): AsyncGenerator<BucketsPage<B>> {
    let pageToken: string | undefined;
    do {
      const page = await this.listBuckets<B>(project, projection, pageToken);
      yield page;
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
  }

  /** `buckets.getIamPolicy` with policy version 3, so conditional bindings are returned. */
  getIamPolicy<P>(bucket: string): Promise<P> {
    return this.call('storage.buckets.getIamPolicy', async () => {
      const [policy] = await this.storage.bucket(bucket).iam.getPolicy({ requestedPolicyVersion: 3 });
      return policy as P;
    });
  }

  /** The bucket ACL (`bucketAccessControls.list`) or default object ACL (`defaultObjectAccessControls.list`). */
  listAcl<E>(bucket: string, which: 'acl' | 'defaultObjectAcl'): Promise<E[]> {
    const operation = which === 'acl' ? 'storage.bucketAccessControls.list' : 'storage.defaultObjectAccessControls.list';
    return this.call(operation, async () => {
      const b = this.storage.bucket(bucket);
      const [, response] = (await (which === 'acl' ? b.acl.get() : b.acl.default.get())) as unknown as [unknown, { items?: E[] } | undefined];
      return response?.items ?? [];
    });
  }
}
