/**
 * One read-only REST client for the Google APIs ajar reads without an official SDK in the path
 * (Resource Manager, IAM, Org Policy, Cloud SQL Admin, BigQuery); Cloud Storage goes through
 * `@google-cloud/storage` (storage-client.ts), sharing this file's call counter, error type and
 * token source. Why a hand-rolled client for the rest: each of those SDKs brings its own transport
 * and retry loop (gax, retry-request), none honours Retry-After, and their retries are invisible
 * to a call counter; here there is exactly one place that refuses non-GET requests, counts every
 * HTTP attempt per operation, and retries 429/503 the documented way. Authentication is
 * google-auth-library's Application Default Credentials, the same chain gcloud and every Google
 * SDK use.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GoogleAuth, gcpMetadata } from 'google-auth-library';
import { gcpContentRead } from '../content-reads.ts';
import { AdaptiveRateLimiter, DEFAULT_MAX_ATTEMPTS, MAX_UNANSWERED_ATTEMPTS, parseRetryAfter, retryDelayMs, ScanDeadlineReached, sleep } from '../../util/retry.ts';
import { recordRejection, type CredentialState } from '../credential-state.ts';

export class MutatingCallRefused extends Error {
  override name = 'MutatingCallRefused';
}

/** A Google API answered with an error, or never answered. */
export class GcpApiError extends Error {
  override name = 'GcpApiError';
  readonly operation: string;
  /** The API's error reason (`forbidden`, `notFound`) or status (`PERMISSION_DENIED`), else HTTP<status>. */
  readonly code: string;
  readonly httpStatus?: number;
  /** Nothing answered: refused, unresolvable, timed out. */
  readonly network: boolean;
  /** The wait the answer's Retry-After asked for, when it named one. */
  readonly retryAfterMs?: number;
  /** The `reason` of the answer's google.rpc.ErrorInfo detail (`SERVICE_DISABLED`), when it had one. */
  readonly errorInfoReason?: string;
  constructor(init: { operation: string; code: string; message: string; httpStatus?: number; network?: boolean; retryAfterMs?: number; errorInfoReason?: string }) {
    super(init.message);
    this.errorInfoReason = init.errorInfoReason;
    this.operation = init.operation;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.network = init.network ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** No Application Default Credentials could be found or used. */
export class GcpCredentialsMissing extends Error {
  override name = 'GcpCredentialsMissing';
  readonly network: boolean;
  constructor(message: string, network = false) {
    super(message);
    this.network = network;
  }
}

export type GcpService = 'storage' | 'cloudresourcemanager' | 'iam' | 'orgpolicy' | 'sqladmin' | 'bigquery';

/** HTTP attempts per operation, retries included. */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;
  retries = 0;
  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.byOperation.entries()].sort());
  }
}

export type TokenSource = () => Promise<string | undefined>;

export interface RetryOptions {
  /** Shared by the run's clients, so that a 401 on one stops them all. */
  credentials?: CredentialState;
  /** Shared by the run's clients: one adaptive token bucket per Google service (a 429 slows it). */
  limiter?: AdaptiveRateLimiter;
  maxAttempts?: number;
  /** Cap on one Retry-After wait, so a hostile answer cannot stall the scan. */
  maxRetryDelayMs?: number;
  /** The scan deadline: once aborted, no attempt starts and waits end at once. */
  signal?: AbortSignal;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface GcpClientOptions extends RetryOptions {
  /** Root URL standing in for every *.googleapis.com host; default: each service's own host. */
  endpoint?: string;
  token: TokenSource;
  timeoutMs?: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
/** fetch's network failures worth another attempt; a refused or unresolvable endpoint is not. */
const TRANSIENT_NETWORK = new Set(['EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'TimeoutError']);

/**
 * The retry loop of both Google clients (this one and storage-client.ts, each attempt one counted
 * HTTP request): a GcpApiError answering 429/5xx is retried after its Retry-After or else backoff,
 * one without an answer after backoff when its code is in `transientNetwork`; each retry is
 * counted. Anything else, and the last attempt's failure, is thrown as it came.
 */
export async function withRetries<T>(counter: CallCounter, options: RetryOptions, transientNetwork: ReadonlySet<string>, attempt: () => Promise<T>, key = 'google'): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { signal, limiter } = options;
  let unanswered = 0;
  const credentials = options.credentials;
  for (let n = 1; ; n += 1) {
    if (signal?.aborted) throw deadlineError(signal);
    if (credentials?.rejected) {
      const { code, operation } = credentials.rejected;
      throw new GcpApiError({ operation, code, message: `not sent: the credentials were rejected (${code}) by ${operation}`, httpStatus: 401 });
    }
    try {
      if (limiter) await limiter.acquire(key, signal);
      const result = await attempt();
      limiter?.onSuccess(key);
      return result;
    } catch (error) {
      if (signal?.aborted) throw deadlineError(signal);
      if (!(error instanceof GcpApiError)) throw error;
      if (error.httpStatus === 429) limiter?.onThrottle(key);
      if (error.httpStatus === undefined) unanswered += 1;
      // 401 UNAUTHENTICATED: the credentials themselves (https://cloud.google.com/apis/design/errors).
      if (error.httpStatus === 401 && credentials) recordRejection(credentials, error.operation, error.code);
      const retryable = error.httpStatus !== undefined ? RETRYABLE.has(error.httpStatus) : transientNetwork.has(error.code);
      if (!retryable) throw error;
      const wait = unanswered >= MAX_UNANSWERED_ATTEMPTS ? undefined : retryDelayMs({ attempts: n, maxAttempts, retryAfterMs: error.retryAfterMs, maxDelayMs: options.maxRetryDelayMs ?? 30_000 });
      if (wait === undefined) throw error;
      counter.retries += 1;
      await sleep(wait, signal).catch(() => {
        throw deadlineError(signal!);
      });
    }
  }
}

/** The deadline as a GcpApiError, so collectors record it like any unreadable answer. */
function deadlineError(signal: AbortSignal): GcpApiError {
  const reason = signal.reason instanceof ScanDeadlineReached ? signal.reason : new ScanDeadlineReached();
  return new GcpApiError({ operation: 'scan', code: 'scan-deadline', message: reason.message });
}

/** Retry-After, read the one way ajar reads it (src/util/retry.ts). */
export const retryAfterMs = (header: string | null): number | undefined => parseRetryAfter(header);

/**
 * Google's JSON error body: `{error: {code, message, status, errors: [{reason}]}}`. The code is the
 * reason (`forbidden`), else the status (`PERMISSION_DENIED`), else HTTP<status>.
 */
export function errorCodeOf(status: number, body: unknown, fallbackMessage = `HTTP ${status}`): { code: string; message: string; errorInfoReason?: string } {
  const error = (body as { error?: { message?: string; status?: string; errors?: { reason?: string }[]; details?: { '@type'?: string; reason?: string }[] } } | undefined)?.error;
  const code = error?.errors?.[0]?.reason ?? error?.status ?? `HTTP${status}`;
  // https://cloud.google.com/apis/design/errors#error_info: the machine-readable reason of the error.
  const errorInfoReason = error?.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')?.reason;
  return { code, message: (error?.message ?? fallbackMessage).split('\n')[0]!.slice(0, 300), ...(errorInfoReason ? { errorInfoReason } : {}) };
}

export class GcpClient {
  readonly counter = new CallCounter();
  private readonly options: GcpClientOptions;

  constructor(options: GcpClientOptions) {
    this.options = options;
  }

  baseUrl(service: GcpService): string {
    return this.options.endpoint ? this.options.endpoint.replace(/\/+$/, '') : `https://${service}.googleapis.com`;
  }

  /** Reads one resource. The only way out of this client; everything else is refused. */
  get<T>(service: GcpService, operation: string, path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.send<T>('GET', service, operation, path, query);
  }

  /** Exposed for the read-only guard's test: any method but GET is refused before sending. */
  async send<T>(method: string, service: GcpService, operation: string, path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    if (method !== 'GET') throw new MutatingCallRefused(`ajar is read-only: refused ${method} ${operation} before sending it`);
    const url = new URL(this.baseUrl(service) + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const content = gcpContentRead(url);
    if (content) throw new MutatingCallRefused(`ajar never reads contents: refused ${operation}, ${content}, before sending it`);
    return withRetries(this.counter, this.options, TRANSIENT_NETWORK, () => this.attempt<T>(method, operation, url), operation.split('.')[0]);
  }

  /** One HTTP request, counted; a failed one is thrown as a GcpApiError. */
  private async attempt<T>(method: string, operation: string, url: URL): Promise<T> {
    const token = await this.options.token();
    this.counter.record(operation);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: this.options.signal
          ? AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), this.options.signal])
          : AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const code = cause?.code ?? (error as Error).name;
      const network = NETWORK_CODES.has(code) || code === 'TimeoutError';
      throw new GcpApiError({ operation, code, message: `${url.host}: ${(error as Error).message}`, network });
    }
    // The body read is under the same signal: a server that sends headers and then stalls times out too.
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    if (response.ok) {
      if (body === undefined) throw new GcpApiError({ operation, code: 'InvalidResponse', message: 'answer is not JSON', httpStatus: response.status });
      return body as T;
    }
    const { code, message, errorInfoReason } = errorCodeOf(response.status, body);
    throw new GcpApiError({ operation, code, message, errorInfoReason, httpStatus: response.status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  }

  /** Every item of a paginated list (`nextPageToken` / `pageToken`), page by page. */
  async *pages<P extends { nextPageToken?: string }>(
    service: GcpService,
    operation: string,
    path: string,
    query: Record<string, string | undefined> = {},
  ): AsyncGenerator<P> {
    let pageToken: string | undefined;
    do {
      const page = await this.get<P>(service, operation, path, { ...query, pageToken });
      yield page;
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
  }
}

export const isLoopback = (endpoint: string | undefined): boolean => {
  if (!endpoint) return false;
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
};

/**
 * Where Application Default Credentials could come from without asking the network: the
 * GOOGLE_APPLICATION_CREDENTIALS file, gcloud's well-known file, or running on Google Cloud
 * (detected locally from the BIOS, MAC prefix or serverless variables). Off Google Cloud with
 * neither file, google-auth-library would spend up to 3 s probing the metadata server before
 * saying no; this answers the same question at once.
 */
export function adcSource(env: NodeJS.ProcessEnv = process.env, onGoogleCloud: () => boolean = () => gcpMetadata.detectGCPResidency()): string | undefined {
  if (env.GOOGLE_APPLICATION_CREDENTIALS) return `GOOGLE_APPLICATION_CREDENTIALS (${env.GOOGLE_APPLICATION_CREDENTIALS})`;
  const configDir = env.CLOUDSDK_CONFIG ?? (process.platform === 'win32' ? join(env.APPDATA ?? '', 'gcloud') : join(env.HOME ?? homedir(), '.config', 'gcloud'));
  const wellKnown = join(configDir, 'application_default_credentials.json');
  if (existsSync(wellKnown)) return wellKnown;
  // google-auth-library's own switch: "none" rules the metadata server out, any other value
  // ("assume-present", "ping-only", "bios-only") hands the decision to it.
  const detection = env.METADATA_SERVER_DETECTION?.trim().toLowerCase();
  if (detection === 'none') return undefined;
  if (detection) return `metadata server (METADATA_SERVER_DETECTION=${detection})`;
  if (onGoogleCloud()) return 'metadata server';
  return undefined;
}

export const ACCESS_TOKEN_ENV = 'AJAR_GCP_ACCESS_TOKEN';

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform.read-only'];

/**
 * The token source for a run: AJAR_GCP_ACCESS_TOKEN when set (a token minted elsewhere, e.g.
 * `gcloud auth print-access-token`), nothing for a loopback endpoint (emulators, the test fixture
 * server), and Application Default Credentials otherwise. Throws GcpCredentialsMissing at once
 * when ADC has nowhere to come from.
 */
export async function tokenSourceFor(endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env, onGoogleCloud?: () => boolean): Promise<TokenSource> {
  const fixed = env[ACCESS_TOKEN_ENV];
  if (fixed) return async () => fixed;
  if (isLoopback(endpoint)) return async () => undefined;
  const source = adcSource(env, onGoogleCloud);
  if (!source) {
    throw new GcpCredentialsMissing(
      `no Application Default Credentials: set GOOGLE_APPLICATION_CREDENTIALS, run "gcloud auth application-default login", run on Google Cloud, or set ${ACCESS_TOKEN_ENV}`,
    );
  }
  const auth = new GoogleAuth({ scopes: SCOPES });
  const token = async () => {
    try {
      return (await auth.getAccessToken()) ?? undefined;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      throw new GcpCredentialsMissing(`Application Default Credentials from ${source} gave no token: ${(error as Error).message.split('\n')[0]}`, NETWORK_CODES.has(code));
    }
  };
  // Fail before the first API call, with the credential problem named, not as a 401 per call.
  await token();
  return token;
}
