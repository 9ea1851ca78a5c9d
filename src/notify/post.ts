/**
 * One webhook POST with retries: 429 and 5xx answers and network failures are retried with
 * full-jitter exponential backoff, waiting what Retry-After asks for when the receiver says (both
 * from ajar's one retry policy, src/util/retry.ts). Nothing here throws: the caller gets the
 * outcome and decides what to log.
 */
import { fullJitterMs, parseRetryAfter } from '../util/retry.ts';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Upper bound on any single wait, Retry-After included: a scan job must end. */
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 10_000 };

export interface PostOutcome {
  ok: boolean;
  attempts: number;
  /** Last HTTP status, when one came back. */
  status?: number;
  /** Why the last attempt failed: `HTTP 500`, `ECONNREFUSED`, `timeout`. */
  problem?: string;
  /** Milliseconds spent waiting between attempts. */
  waitedMs: number;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); one parser for all of ajar. */
export const retryAfterMs = parseRetryAfter;

export const isRetryable = (status: number): boolean => status === 429 || status >= 500;

export function backoffMs(attempt: number, policy: RetryPolicy, retryAfter?: number, random: () => number = Math.random): number {
  const wait = retryAfter ?? fullJitterMs(attempt, { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs }, random);
  return Math.min(wait, policy.maxDelayMs);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The error code of a fetch failure (undici wraps it in `cause`), never the URL. */
const networkProblem = (error: unknown): string => {
  const err = error as { name?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.cause?.name === 'TimeoutError') return 'timeout';
  return err.cause?.code ?? err.name ?? 'network error';
};

export async function postJson(url: string, body: object, policy: RetryPolicy = DEFAULT_RETRY): Promise<PostOutcome> {
  const payload = JSON.stringify(body);
  let waitedMs = 0;
  let last: Pick<PostOutcome, 'status' | 'problem'> = {};
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    let retryAfter: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ajar' },
        body: payload,
        redirect: 'error',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      // Drain the body so the connection is released; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, attempts: attempt, status: response.status, waitedMs };
      last = { status: response.status, problem: `HTTP ${response.status}` };
      if (!isRetryable(response.status)) return { ok: false, attempts: attempt, ...last, waitedMs };
      retryAfter = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      last = { problem: networkProblem(error) };
    }
    if (attempt < policy.attempts) {
      const wait = backoffMs(attempt, policy, retryAfter);
      waitedMs += wait;
      await sleep(wait);
    }
  }
  return { ok: false, attempts: policy.attempts, ...last, waitedMs };
}
