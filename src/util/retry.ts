/**
 * ajar's one retry policy, shared by the AWS, Azure and Google clients and by `--notify`:
 *
 * - `parseRetryAfter`: the single reading of Retry-After (RFC 9110 §10.2.3: delay-seconds, a
 *   non-negative integer, or an HTTP-date); anything else is ignored, never guessed at;
 * - `fullJitterMs`: "full jitter" exponential backoff (random between 0 and base·2^n, capped), the
 *   form that spreads retries of many clients best
 *   (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/);
 * - `AdaptiveRateLimiter`: one token bucket per key (account, region, service) whose rate drops
 *   by a fifth on each throttling answer and grows back by a tenth on each success, so a throttled
 *   API is asked less often instead of spending a fixed retry quota and giving up;
 * - `retryDelayMs`: the wait before the next attempt, or undefined when the attempt cap or the
 *   scan deadline says stop.
 */

/** Retry-After as milliseconds: delay-seconds (digits only) or an HTTP-date; else undefined. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date always names the weekday and GMT (IMF-fixdate, or the obsolete RFC 850 / asctime
  // forms Date.parse also reads); a bare "1.5" or "-1" is neither form and is rejected.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Attempts per request, the first included. Why 10: a failure that came with an answer (a
 * throttle, a 5xx, a reset connection) costs at most one backoff wait, and at a 27% fault share a
 * cap of 5 still gave up on 0.27^5 ≈ 1 request in 700 (a facet in every 24-bucket scan, see
 * test/integration/aws-faults.test.ts) where 10 gives up on 2 in a million. Attempts that got no
 * answer in time each cost a whole --timeout, so they stay capped at 5 (MAX_UNANSWERED_ATTEMPTS).
 */
export const DEFAULT_MAX_ATTEMPTS = 10;
export const MAX_UNANSWERED_ATTEMPTS = 5;

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, capMs: 10_000 };

/** Full jitter: uniformly random in [0, min(cap, base·2^(retry-1))]. `retry` counts from 1. */
export function fullJitterMs(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(options.capMs, options.baseMs * 2 ** (retry - 1)));
}

export interface RetryDecisionInput {
  /** Attempts made so far, the failed one included. */
  attempts: number;
  maxAttempts: number;
  /** What the server's Retry-After asked for, when it did. */
  retryAfterMs?: number;
  /** Upper bound on any one wait, Retry-After included: a hostile answer cannot stall the scan. */
  maxDelayMs: number;
  /** Epoch ms after which no attempt may start (the scan deadline). */
  deadline?: number;
  backoff?: BackoffOptions;
  now?: number;
}

/** Milliseconds to wait before the next attempt, or undefined: give up now. */
export function retryDelayMs(input: RetryDecisionInput): number | undefined {
  if (input.attempts >= input.maxAttempts) return undefined;
  const wait = Math.min(input.retryAfterMs ?? fullJitterMs(input.attempts, input.backoff), input.maxDelayMs);
  if (input.deadline !== undefined && (input.now ?? Date.now()) + wait >= input.deadline) return undefined;
  return wait;
}

/**
 * Token buckets keyed by whatever the caller throttles on (`account/region/service`). Each starts
 * at `initialRate` requests a second; a throttling answer halves its rate (never below
 * `minRate`), each success raises it by `recovery` (never above `maxRate`). `acquire` resolves when
 * the key's bucket holds a token, so callers queue instead of hammering a throttled API.
 */
export class AdaptiveRateLimiter {
  private readonly buckets = new Map<string, { rate: number; tokens: number; refilledAt: number; throttled: boolean }>();
  private readonly options: { initialRate: number; minRate: number; maxRate: number; decrease: number; recovery: number };

  // A floor of 10/s: a throttled API still answers most requests, and a scan must end.
  constructor(options: Partial<AdaptiveRateLimiter['options']> = {}) {
    this.options = { initialRate: 200, minRate: 10, maxRate: 500, decrease: 0.8, recovery: 1.1, ...options };
  }

  private bucket(key: string) {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { rate: this.options.initialRate, tokens: this.options.initialRate, refilledAt: Date.now(), throttled: false };
      this.buckets.set(key, bucket);
    }
    const now = Date.now();
    bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((now - bucket.refilledAt) / 1000) * bucket.rate);
    bucket.refilledAt = now;
    return bucket;
  }

  /** Waits for a token of `key`'s bucket; rejects with the signal's reason if it aborts first. */
  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const bucket = this.bucket(key);
      // Until the key has been throttled once, the bucket only counts: no wait on a healthy API.
      if (!bucket.throttled || bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - bucket.tokens) / bucket.rate) * 1000), signal);
    }
  }

  onThrottle(key: string): void {
    const bucket = this.bucket(key);
    bucket.throttled = true;
    bucket.rate = Math.max(this.options.minRate, bucket.rate * this.options.decrease);
    bucket.tokens = Math.min(bucket.tokens, bucket.rate);
  }

  onSuccess(key: string): void {
    const bucket = this.bucket(key);
    bucket.rate = Math.min(this.options.maxRate, bucket.rate * this.options.recovery);
  }

  rateOf(key: string): number {
    return this.bucket(key).rate;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first (and then holds nothing open). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error a request fails with once the scan's --max-scan-time has passed. */
export class ScanDeadlineReached extends Error {
  override name = 'ScanDeadlineReached';
  readonly code = 'scan-deadline';
  /** AWS-style code, so classifyAwsError names it too. */
  readonly Code = 'scan-deadline';
  constructor(message = 'the scan reached its --max-scan-time before this request could complete') {
    super(message);
  }
}
