/**
 * ajar's retry policy (src/util/retry.ts) as the AWS SDK's RetryStrategyV2, replacing the SDK's
 * standard strategy. Why: the standard strategy spends a client-wide quota of 500 tokens (5 per
 * retry, 10 per timeout) and then stops retrying at all; at 20% throttling that quota was gone
 * about 6 s into a scan and 43% of findings came out `unknown`. Here instead:
 *
 * - each client (one per service and region, in one account) has its own adaptive token bucket:
 *   a throttling answer halves its request rate, successes bring it back, so a throttled API is
 *   asked less often rather than given up on;
 * - every failed attempt that is worth retrying is retried, up to `maxAttempts` per request, after
 *   Retry-After (RFC 9110 form only) or full-jitter backoff; of those, at most
 *   `maxUnansweredAttempts` may be attempts that got no answer within --timeout, so a silent
 *   endpoint costs no more than before while an answering one gets the longer budget;
 * - waits end at once when the scan deadline passes.
 *
 * The SDK calls refreshRetryTokenForRetry after each failed attempt; throwing there ends the
 * request with the attempt's own error. Each attempt still passes the call counter.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { AdaptiveRateLimiter, parseRetryAfter, retryDelayMs, sleep } from '../../util/retry.ts';
import { classifyAwsError } from './errors.ts';

export interface AjarRetryOptions {
  key: string;
  limiter: AdaptiveRateLimiter;
  maxAttempts: number;
  /** Of those, attempts that got no answer in time (each costs a whole --timeout). */
  maxUnansweredAttempts: number;
  /** Upper bound on one wait, Retry-After included. */
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Called once per retry, for the run's statistics. */
  onRetry?: () => void;
}

class AttemptToken implements RetryToken {
  readonly retries: number;
  readonly unanswered: number;
  constructor(retries: number, unanswered = 0) {
    this.retries = retries;
    this.unanswered = unanswered;
  }
  getRetryCount(): number {
    return this.retries;
  }
  // The strategy waits inside refreshRetryTokenForRetry (abortable), so the SDK waits no more.
  getRetryDelay(): number {
    return 0;
  }
}

const retryAfterOf = (info: RetryErrorInfo): number | undefined => {
  const headers = (info.error as { $response?: { headers?: Record<string, string | undefined> } } | undefined)?.$response?.headers;
  return parseRetryAfter(headers?.['retry-after'] ?? headers?.['Retry-After']);
};

const UNANSWERED_CODES = new Set(['TimeoutError', 'ETIMEDOUT', 'RequestTimeout']);
const isUnanswered = (error: unknown): boolean => UNANSWERED_CODES.has(classifyAwsError(error).code);

export class AjarRetryStrategy implements RetryStrategyV2 {
  private readonly options: AjarRetryOptions;
  constructor(options: AjarRetryOptions) {
    this.options = options;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    await this.options.limiter.acquire(this.options.key, this.options.signal);
    return new AttemptToken(0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const { limiter, key, signal } = this.options;
    // 4xx other than throttling will not change on a second try.
    if (info.errorType === 'CLIENT_ERROR') throw new Error('not retryable');
    if (info.errorType === 'THROTTLING') limiter.onThrottle(key);
    const attempts = token.getRetryCount() + 1;
    const unanswered = ((token as AttemptToken).unanswered ?? 0) + (isUnanswered(info.error) ? 1 : 0);
    if (unanswered >= this.options.maxUnansweredAttempts) throw new Error('attempt cap reached');
    const wait = retryDelayMs({ attempts, maxAttempts: this.options.maxAttempts, retryAfterMs: retryAfterOf(info), maxDelayMs: this.options.maxDelayMs });
    if (wait === undefined) throw new Error('attempt cap reached');
    this.options.onRetry?.();
    await sleep(wait, signal);
    await limiter.acquire(key, signal);
    return new AttemptToken(attempts, unanswered);
  }

  recordSuccess(): void {
    this.options.limiter.onSuccess(this.options.key);
  }
}
