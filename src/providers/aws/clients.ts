/**
 * Read-only AWS client factory. Every client it builds carries a guard that refuses any command
 * that is not a read (Get*, List*, Describe*, Head*) before a request is built, so the scanner
 * cannot change a cloud resource even through a bug. Clients are cached per service and region,
 * share one keep-alive agent sized to the concurrency, and count every HTTP attempt they make.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Logger } from 'pino';
import { sdkLogger } from '../../log.ts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AWS_CONTENT_READS } from '../content-reads.ts';
import { AdaptiveRateLimiter, DEFAULT_MAX_ATTEMPTS, MAX_UNANSWERED_ATTEMPTS, ScanDeadlineReached } from '../../util/retry.ts';
import { AjarRetryStrategy } from './retry-strategy.ts';
import { CredentialsRejected, recordRejection, refuseIfRejected, type CredentialState } from '../credential-state.ts';

export const READ_ONLY_COMMAND = /^(Get|List|Describe|Head)[A-Z]/;

export class MutatingCallRefused extends Error {
  override name = 'MutatingCallRefused';
}

export interface AwsClientOptions {
  /** S3-compatible endpoint (MinIO, Ceph, R2 ...) or a local emulator. */
  endpoint?: string;
  pathStyle?: boolean;
  profile?: string;
  /** Where the credential chain's warnings go (one line each). */
  log?: Logger;
  /** Used when the endpoint needs a region that the account listing does not give. */
  defaultRegion: string;
  concurrency: number;
  maxAttempts?: number;
  credentials?: AwsCredentialIdentityProvider;
  /** Per HTTP request (connect, wait for the answer, socket idle); default 30 s. */
  timeoutMs?: number;
  /** The scan deadline: once aborted, requests in flight are cut and no new one starts. */
  signal?: AbortSignal;
  /** Told once, with the operation and code, when the endpoint rejects the credentials. */
  onCredentialsRejected?: (operation: string, code: string) => void;
}

/**
 * Answers that say the credentials themselves are bad: every further request would fail the same
 * way, so after the first one the clients send nothing more.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
export const REJECTED_CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'ExpiredToken', 'SignatureDoesNotMatch', 'InvalidClientTokenId', 'UnrecognizedClientException', 'ExpiredTokenException', 'AuthFailure']);

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** HTTP attempts per operation, retries included: the unit the benchmark and reports count. */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;
  record(operation: string): void {
    this.total += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.byOperation.entries()].sort());
  }
}

// Loosely typed on purpose: the guard is the same for every client whatever its command types.
type Stackable = { middlewareStack: { add: (...args: any[]) => void } };

const operationOf = (context: { commandName?: string }): string => (context.commandName ?? 'Unknown').replace(/Command$/, '');

/** Installs the read-only guard and the call counter on any AWS SDK v3 client. */
export function guardClient<C extends Stackable>(client: C, counter: CallCounter, signal?: AbortSignal, credentials: CredentialState = {}): C {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const operation = operationOf(context);
      if (!READ_ONLY_COMMAND.test(operation)) {
        throw new MutatingCallRefused(`ajar is read-only: refused ${operation} before sending it`);
      }
      if (AWS_CONTENT_READS.has(operation)) {
        throw new MutatingCallRefused(`ajar never reads contents or secrets: refused ${operation} before sending it`);
      }
      refuseIfRejected(credentials, operation);
      if (signal?.aborted) throw new ScanDeadlineReached(`${operation} not sent: the scan reached its --max-scan-time`);
      try {
        return await next(args);
      } catch (error) {
        // An attempt cut by the deadline says AbortError; the report should say why it was cut.
        if (signal?.aborted) throw new ScanDeadlineReached(`${operation} cut short: the scan reached its --max-scan-time`);
        const code = (error as { Code?: string; name?: string }).Code ?? (error as { name?: string }).name ?? '';
        if (REJECTED_CREDENTIAL_CODES.has(code)) recordRejection(credentials, operation, code);
        throw error;
      }
    },
    { step: 'initialize', name: 'ajarReadOnlyGuard', priority: 'high' },
  );
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      counter.record(operationOf(context));
      return next(args);
    },
    { step: 'deserialize', name: 'ajarCallCounter' },
  );
  return client;
}

export class AwsClients {
  readonly counter = new CallCounter();
  private readonly s3 = new Map<string, S3Client>();
  private s3control?: S3ControlClient;
  private sts?: STSClient;
  /** Regional clients of the database services and EC2, keyed by `service:region`. */
  private readonly regional = new Map<string, { destroy: () => void }>();
  private readonly handler: NodeHttpHandler;
  private readonly signal?: AbortSignal;
  /** One limiter for the run; its buckets are keyed by service and region. */
  private readonly limiter = new AdaptiveRateLimiter();
  private readonly credentialState: CredentialState;
  /** Retries made (attempts after the first), across every client. */
  retries = 0;
  private readonly credentials: AwsCredentialIdentityProvider;

  private readonly options: AwsClientOptions;

  constructor(options: AwsClientOptions) {
    this.options = options;
    this.signal = options.signal;
    this.credentialState = { onRejected: options.onCredentialsRejected };
    const agentOptions = { keepAlive: true, maxSockets: options.concurrency };
    const timeout = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.handler = scanBoundHandler(
      new NodeHttpHandler({
        httpAgent: new HttpAgent(agentOptions),
        httpsAgent: new HttpsAgent(agentOptions),
        connectionTimeout: timeout,
        // In @smithy/node-http-handler 4.x requestTimeout alone only logs a warning when it passes;
        // throwOnRequestTimeout makes a request that gets no answer fail, and socketTimeout bounds
        // a connection that stalls mid-body.
        requestTimeout: timeout,
        throwOnRequestTimeout: true,
        socketTimeout: timeout,
      }),
      options.signal,
      this.credentialState,
    );
    // With ajar's logger, the chain's console.warn notices (profile and static keys both set)
    // arrive as one log line instead of a paragraph on stderr.
    this.credentials = options.credentials ?? fromNodeProviderChain({ profile: options.profile, ...(options.log ? { logger: sdkLogger(options.log) } : {}) });
  }

  private common(region: string, service = 'aws') {
    return {
      region,
      endpoint: this.options.endpoint,
      credentials: this.credentials,
      requestHandler: this.handler,
      maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryStrategy: new AjarRetryStrategy({
        key: `${service}:${region}`,
        limiter: this.limiter,
        maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        maxUnansweredAttempts: Math.min(this.options.maxAttempts ?? MAX_UNANSWERED_ATTEMPTS, MAX_UNANSWERED_ATTEMPTS),
        maxDelayMs: 20_000,
        signal: this.signal,
        onRetry: () => (this.retries += 1),
      }),
      // Builds each command's middleware chain once instead of on every call; safe because the
      // guard and the counter are installed right after construction, before the first send.
      cacheMiddleware: true,
    };
  }

  s3For(region: string): S3Client {
    let client = this.s3.get(region);
    if (!client) {
      client = guardClient(
        new S3Client({
          ...this.common(region, 's3'),
          forcePathStyle: this.options.pathStyle ?? Boolean(this.options.endpoint),
          // Redirects to another region are answered by asking that region's client instead.
          followRegionRedirects: false,
        }),
        this.counter,
        this.signal,
        this.credentialState,
      );
      this.s3.set(region, client);
    }
    return client;
  }

  s3Control(): S3ControlClient {
    this.s3control ??= guardClient(
      new S3ControlClient({
        ...this.common(this.options.defaultRegion, 's3control'),
        // S3 Control puts the account id in front of the host name; a custom endpoint (an emulator
        // or an S3-compatible store) has no such host, so it is used exactly as given.
        ...(this.options.endpoint
          ? { disableHostPrefix: true, endpointProvider: () => ({ url: new URL(this.options.endpoint!) }) }
          : {}),
      }),
      this.counter,
      this.signal,
      this.credentialState,
    );
    return this.s3control;
  }

  stsClient(): STSClient {
    this.sts ??= guardClient(new STSClient(this.common(this.options.defaultRegion, 'sts')), this.counter, this.signal, this.credentialState);
    return this.sts;
  }

  /**
   * One guarded, counted client per service and region. The database services build theirs
   * through db-clients.ts, so their SDK modules load only when a database rule is selected.
   */
  regionalClient<C extends Stackable & { destroy: () => void }>(service: string, region: string, make: (config: ReturnType<AwsClients['common']>) => C): C {
    const key = `${service}:${region}`;
    let client = this.regional.get(key) as C | undefined;
    if (!client) {
      client = guardClient(make(this.common(region, service)), this.counter, this.signal, this.credentialState);
      this.regional.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.regional.values()) client.destroy();
    for (const client of this.s3.values()) client.destroy();
    this.s3control?.destroy();
    this.sts?.destroy();
    this.handler.destroy();
  }
}

/**
 * The shared handler, with the scan deadline's signal on every request it sends: an attempt in
 * flight when --max-scan-time passes is aborted instead of waiting out its own timeout. It is
 * also the last gate before the wire for rejected credentials: the guard stops new commands, and
 * this stops the attempts of commands already past the guard (a retry scheduled earlier, a
 * command that was signing when the first rejection came back).
 *
 * How many requests can still reach the server after it starts rejecting: the client learns of it
 * only when it has read the first rejection. Until then, at most `concurrency` commands are in
 * progress (the provider's one call limit); the server may already have taken any of them, and
 * each of them that was answered before the switch frees its slot for a new command. So at most
 * concurrency + (concurrency - 1) = 2·concurrency - 1 requests arrive after the switch, however
 * many services and clients the scan uses (test/integration/aws-faults.test.ts).
 */
function scanBoundHandler(handler: NodeHttpHandler, signal: AbortSignal | undefined, credentials: CredentialState): NodeHttpHandler {
  const handle = handler.handle.bind(handler);
  handler.handle = (request: Parameters<NodeHttpHandler['handle']>[0], options: Parameters<NodeHttpHandler['handle']>[1] = {}) => {
    if (credentials.rejected) return Promise.reject(new CredentialsRejected({ rejected: credentials.rejected }, 'request'));
    if (!signal) return handle(request, options);
    const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal as AbortSignal, signal]) : signal;
    return handle(request, { ...options, abortSignal });
  };
  return handler;
}
