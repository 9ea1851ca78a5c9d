/**
 * Read-only Azure client factory. Every management-plane (ARM) client it builds carries a policy
 * that refuses any request that is not an HTTP GET before it is sent, and a per-attempt policy
 * that counts every HTTP attempt (retries included) by operation. Credentials come from
 * DefaultAzureCredential, or from a pre-obtained bearer token in AJAR_AZURE_ACCESS_TOKEN.
 *
 * Database collectors (sql, postgresql, mysql, cosmosdb) build their ARM clients through
 * `armOptions()` so they inherit the guard, the counter, the endpoint and the credential scope.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { StorageManagementClient } from '@azure/arm-storage';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { AdaptiveRateLimiter, DEFAULT_MAX_ATTEMPTS, MAX_UNANSWERED_ATTEMPTS, parseRetryAfter, retryDelayMs, ScanDeadlineReached, sleep } from '../../util/retry.ts';
import { recordRejection, refuseIfRejected, type CredentialState } from '../credential-state.ts';

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const CREDENTIAL_TIMEOUT_MS = 20_000;
export const TOKEN_ENV = 'AJAR_AZURE_ACCESS_TOKEN';
/** Optional second token for the blob data plane (`az account get-access-token --resource https://storage.azure.com`). */
export const STORAGE_TOKEN_ENV = 'AJAR_AZURE_STORAGE_ACCESS_TOKEN';
const STORAGE_AUDIENCE = 'https://storage.azure.com';

export class MutatingCallRefused extends Error {
  override name = 'MutatingCallRefused';
}

/** HTTP attempts per operation, retries included, plus how many answers were throttling (429). */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;
  throttled = 0;
  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.byOperation.entries()].sort());
  }
}

/**
 * A credential that hands out one pre-obtained token (e.g. `az account get-access-token`), for
 * CI jobs that already hold a token and for tests against the loopback fixture server.
 */
export class FixedTokenCredential implements TokenCredential {
  private readonly token: string;
  private readonly storageToken: string;
  /** `storageToken` serves the blob data plane (audience https://storage.azure.com); default: `token`. */
  constructor(token: string, storageToken?: string) {
    this.token = token;
    this.storageToken = storageToken ?? token;
  }
  getToken(scopes: string | string[]): Promise<AccessToken> {
    const forStorage = [scopes].flat().some((scope) => scope.startsWith(STORAGE_AUDIENCE));
    // The real expiry is unknown; an hour ahead keeps the SDK from asking again mid-scan.
    return Promise.resolve({ token: forStorage ? this.storageToken : this.token, expiresOnTimestamp: Date.now() + 3_600_000 });
  }
}

/**
 * Names an ARM request the way Azure RBAC names the resource type it reads, so the counter and
 * error messages say `Microsoft.Storage/storageAccounts/blobServices/containers:list`, not a URL.
 * A path ending on a type segment is a list, on a name segment a get.
 */
export function armOperationOf(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const providers = segments.findIndex((s) => s.toLowerCase() === 'providers');
  if (providers < 0) {
    // /subscriptions, /subscriptions/{id}, /subscriptions/{id}/resourceGroups ...
    const types = segments.filter((_, i) => i % 2 === 0);
    return `Microsoft.Resources/${types.join('/')}:${segments.length % 2 === 1 ? 'list' : 'get'}`;
  }
  const rest = segments.slice(providers + 1);
  const namespace = rest[0] ?? 'Unknown';
  const typeSegments = rest.slice(1);
  const types = typeSegments.filter((_, i) => i % 2 === 0);
  return `${namespace}/${types.join('/')}:${typeSegments.length % 2 === 1 ? 'list' : 'get'}`;
}

const READ_METHODS = new Set(['GET']);

/** Refuses anything but GET before it leaves the process (ajar is read-only by construction). */
export function readOnlyPolicy(): PipelinePolicy {
  return {
    name: 'ajarReadOnlyGuard',
    sendRequest(request: PipelineRequest, next) {
      if (!READ_METHODS.has(request.method)) {
        return Promise.reject(new MutatingCallRefused(`ajar is read-only: refused ${request.method} ${armOperationOf(request.url)} before sending it`));
      }
      return next(request);
    },
  };
}

/** Counts each attempt after the retry policy, so a request retried after a 429 counts twice. */
export function countingPolicy(counter: CallCounter, operationOf: (request: PipelineRequest) => string = (r) => armOperationOf(r.url)): PipelinePolicy {
  return {
    name: 'ajarCallCounter',
    async sendRequest(request: PipelineRequest, next) {
      counter.record(operationOf(request));
      const response = await next(request);
      if (response.status === 429) counter.throttled += 1;
      return response;
    },
  };
}

export interface AzureClientOptions {
  /** ARM endpoint override (`--azure-endpoint`); the credential scope follows it. */
  endpoint?: string;
  /** A credential to use instead of the environment's (tests). */
  credential?: TokenCredential;
  /** Per HTTP attempt; default 30 s. The SDK sets none, so a silent endpoint would hang forever. */
  timeoutMs?: number;
  /** The scan deadline: once aborted, requests in flight are cut and no new one starts. */
  signal?: AbortSignal;
  /** Told once, with the operation and code, when ARM rejects the credentials (401). */
  onCredentialsRejected?: (operation: string, code: string) => void;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const armErrorCode = (body: string | undefined): string | undefined => {
  try {
    return (JSON.parse(body ?? '') as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

/**
 * How a plane's requests are named (counter, messages), keyed for the rate limiter, and how its
 * error answers carry their code: ARM here, the blob data plane in blob-data.ts.
 */
export interface RequestNaming {
  operationOf: (url: string) => string;
  /** The adaptive limiter's key: what the service throttles on. */
  throttleKeyOf: (url: string) => string;
  errorCodeOf: (response: { bodyAsText?: string | null; headers: { get(name: string): string | undefined | null } }) => string | undefined;
}

export const ARM_NAMING: RequestNaming = {
  operationOf: armOperationOf,
  throttleKeyOf: (url) => `${/\/subscriptions\/([^/]+)/i.exec(new URL(url).pathname)?.[1] ?? ''}/${armOperationOf(url).split('/')[0]}`,
  errorCodeOf: (response) => armErrorCode(response.bodyAsText ?? undefined),
};

/**
 * ARM answers 401 when the token itself is bad (InvalidAuthenticationToken,
 * ExpiredAuthenticationToken: https://learn.microsoft.com/rest/api/azure/#response-status-codes and
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors):
 * every further request would fail the same way, so after the first one nothing more is sent. Per
 * attempt, so a retry already scheduled is stopped too; the same 2·concurrency − 1 bound as AWS
 * holds (src/providers/aws/clients.ts, scanBoundHandler).
 */
export function credentialsRejectedPolicy(state: CredentialState, plane: RequestNaming = ARM_NAMING): PipelinePolicy {
  return {
    name: 'ajarCredentialsRejected',
    async sendRequest(request: PipelineRequest, next) {
      const operation = plane.operationOf(request.url);
      refuseIfRejected(state, operation);
      let response: Awaited<ReturnType<typeof next>>;
      try {
        response = await next(request);
      } catch (error) {
        // The blob client's deserialisation throws an error answer as a RestError carrying it.
        const answer = (error as { response?: Awaited<ReturnType<typeof next>> }).response;
        if (answer?.status === 401) recordRejection(state, operation, plane.errorCodeOf(answer) ?? 'HTTP401');
        throw error;
      }
      if (response.status === 401) recordRejection(state, operation, plane.errorCodeOf(response) ?? 'HTTP401');
      return response;
    },
  };
}

/**
 * Gives every attempt a timeout (the transport aborts it with a TimeoutError when no answer comes)
 * and the scan deadline's signal. Per retry, so each attempt gets the full timeout.
 */
export function boundedRequestPolicy(timeoutMs: number, signal?: AbortSignal, operationOf: (url: string) => string = armOperationOf): PipelinePolicy {
  return {
    name: 'ajarBoundedRequest',
    async sendRequest(request: PipelineRequest, next) {
      if (signal?.aborted) throw new ScanDeadlineReached(`${operationOf(request.url)} not sent: the scan reached its --max-scan-time`);
      request.timeout = timeoutMs;
      if (signal) request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal as AbortSignal, signal]) : signal;
      try {
        return await next(request);
      } catch (error) {
        if (signal?.aborted) throw new ScanDeadlineReached(`${operationOf(request.url)} cut short: the scan reached its --max-scan-time`);
        throw error;
      }
    },
  };
}

/**
 * ajar's retry policy (src/util/retry.ts) in place of the SDK's, as for AWS and Google: one
 * adaptive token bucket per subscription and resource provider (a 429 slows that key down),
 * Retry-After read the one way, full-jitter backoff otherwise, up to DEFAULT_MAX_ATTEMPTS attempts
 * of which at most MAX_UNANSWERED_ATTEMPTS may get no answer. ARM's throttling:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 * (429 with Retry-After). Installed per call; the SDK's own retries are switched off (maxRetries 0).
 */
export function ajarRetryPolicy(limiter: AdaptiveRateLimiter, signal?: AbortSignal, onRetry: () => void = () => {}, throttleKeyOf: (url: string) => string = ARM_NAMING.throttleKeyOf): PipelinePolicy {
  return {
    name: 'ajarRetry',
    async sendRequest(request: PipelineRequest, next) {
      const key = throttleKeyOf(request.url);
      let unanswered = 0;
      for (let attempts = 1; ; attempts += 1) {
        await limiter.acquire(key, signal);
        let response: Awaited<ReturnType<typeof next>> | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (error) {
          // A refusal by ajar itself (deadline, rejected credentials, read-only guard) is final.
          if (error instanceof ScanDeadlineReached || (error as Error).name === 'CredentialsRejected' || (error as Error).name === 'MutatingCallRefused') throw error;
          failure = error;
        }
        // The client's deserialisation throws an error answer as a RestError carrying its response.
        const answer = response ?? (failure as { response?: Awaited<ReturnType<typeof next>> } | undefined)?.response;
        const status = answer?.status ?? (failure as { statusCode?: number } | undefined)?.statusCode;
        if (status === undefined) unanswered += 1;
        const throttled = status === 429;
        const retryable = status === undefined || throttled || (status >= 500 && status !== 501 && status !== 505);
        if (!retryable) {
          limiter.onSuccess(key);
          if (failure !== undefined) throw failure;
          return response!;
        }
        if (throttled) limiter.onThrottle(key);
        const retryAfterMs = parseRetryAfter(answer?.headers.get('retry-after'));
        const wait = unanswered >= MAX_UNANSWERED_ATTEMPTS ? undefined : retryDelayMs({ attempts, maxAttempts: DEFAULT_MAX_ATTEMPTS, retryAfterMs, maxDelayMs: 30_000 });
        if (wait === undefined) {
          if (failure !== undefined) throw failure;
          return response!;
        }
        onRetry();
        await sleep(wait, signal);
      }
    },
  };
}

/** The token scope of an ARM endpoint: `<origin>/.default`, as the sovereign clouds use too. */
export const armScopeOf = (endpoint: string): string => `${new URL(endpoint).origin}/.default`;

/** From the environment: a fixed token when AJAR_AZURE_ACCESS_TOKEN is set, else DefaultAzureCredential. */
export function credentialFromEnvironment(env: NodeJS.ProcessEnv = process.env): { credential: TokenCredential; source: string } {
  const token = env[TOKEN_ENV]?.trim();
  if (token) return { credential: new FixedTokenCredential(token, env[STORAGE_TOKEN_ENV]?.trim() || undefined), source: TOKEN_ENV };
  return { credential: new DefaultAzureCredential(), source: 'DefaultAzureCredential' };
}

export class AzureClients {
  readonly counter = new CallCounter();
  readonly endpoint: string;
  readonly scope: string;
  readonly credential: TokenCredential;
  readonly credentialSource: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  private readonly storage = new Map<string, StorageManagementClient>();
  private subscriptionClient?: SubscriptionClient;
  /** One limiter for the run; its buckets are keyed by subscription and resource provider. */
  private readonly limiter = new AdaptiveRateLimiter();
  /** Retries made (attempts after the first), across every ARM client. */
  retries = 0;
  readonly credentialState: CredentialState;

  constructor(options: AzureClientOptions = {}) {
    this.endpoint = (options.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
    this.scope = armScopeOf(this.endpoint);
    const fromEnv = options.credential ? { credential: options.credential, source: 'provided' } : credentialFromEnvironment();
    this.credential = fromEnv.credential;
    this.credentialSource = fromEnv.source;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.signal = options.signal;
    this.credentialState = { onRejected: options.onCredentialsRejected };
  }

  /**
   * Options every ARM client of this run is built with: endpoint, credential scope, the read-only
   * guard (per call, before anything is sent) and the counter (per attempt, after the retry
   * policy, which honours 429 Retry-After). Keep-alive is the SDK transport's default.
   */
  armOptions() {
    return {
      endpoint: this.endpoint,
      credentials: { scopes: [this.scope] },
      credentialScopes: [this.scope],
      // ajarRetryPolicy retries; the SDK's own would multiply the attempts.
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [
        { policy: readOnlyPolicy(), position: 'perCall' as const },
        { policy: this.retryPolicy(ARM_NAMING), position: 'perCall' as const },
        ...this.perAttemptPolicies(ARM_NAMING).map((policy) => ({ policy, position: 'perRetry' as const })),
      ],
    };
  }

  /** ajar's retry policy with this run's limiter and retry count (ARM and the blob data plane share both). */
  retryPolicy(plane: RequestNaming): PipelinePolicy {
    return ajarRetryPolicy(this.limiter, this.signal, () => (this.retries += 1), plane.throttleKeyOf);
  }

  /**
   * What every HTTP attempt goes through, after the retry policy: stop on 401, bound, count. The
   * counter comes last so that an attempt refused before sending (rejected credentials, scan
   * deadline) is not counted as a call.
   */
  perAttemptPolicies(plane: RequestNaming): PipelinePolicy[] {
    return [
      credentialsRejectedPolicy(this.credentialState, plane),
      boundedRequestPolicy(this.timeoutMs, this.signal, plane.operationOf),
      countingPolicy(this.counter, (r) => plane.operationOf(r.url)),
    ];
  }

  subscriptions(): SubscriptionClient {
    this.subscriptionClient ??= new SubscriptionClient(this.credential, this.armOptions());
    return this.subscriptionClient;
  }

  storageFor(subscription: string): StorageManagementClient {
    let client = this.storage.get(subscription);
    if (!client) {
      client = new StorageManagementClient(this.credential, subscription, this.armOptions());
      this.storage.set(subscription, client);
    }
    return client;
  }

  /**
   * Fails fast, with the credential's own reason, when no credential is available at all. The
   * chain's managed-identity probe has its own short timeout; the bound here is for a network
   * that swallows packets instead of refusing them, so `scan all` never hangs on Azure.
   */
  async checkCredential(timeoutMs = CREDENTIAL_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no token from ${this.credentialSource} within ${timeoutMs} ms`), { code: 'CredentialTimeout' })), timeoutMs);
    });
    try {
      await Promise.race([this.credential.getToken(this.scope), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
