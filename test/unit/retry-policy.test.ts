import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/util/duration.ts';
import { AdaptiveRateLimiter, fullJitterMs, parseRetryAfter, retryDelayMs } from '../../src/util/retry.ts';

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, delay-seconds = 1*DIGIT.
// https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });
  it('ignores what is neither form: fractions, negatives, blanks, junk', () => {
    for (const value of ['1.5', '-1', '', '   ', 'soon', '1e3', '0x10', null, undefined]) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('retry delays', () => {
  it('full jitter stays within [0, min(cap, base·2^(n-1))]', () => {
    expect(fullJitterMs(1, { baseMs: 100, capMs: 1000 }, () => 0.999)).toBe(99);
    expect(fullJitterMs(10, { baseMs: 100, capMs: 1000 }, () => 0.999)).toBe(999);
    expect(fullJitterMs(3, { baseMs: 100, capMs: 1000 }, () => 0)).toBe(0);
  });
  it('stops at the attempt cap and before the deadline, and caps Retry-After', () => {
    expect(retryDelayMs({ attempts: 5, maxAttempts: 5, maxDelayMs: 1000 })).toBeUndefined();
    expect(retryDelayMs({ attempts: 1, maxAttempts: 5, retryAfterMs: 60_000, maxDelayMs: 2000 })).toBe(2000);
    expect(retryDelayMs({ attempts: 1, maxAttempts: 5, retryAfterMs: 3000, maxDelayMs: 10_000, deadline: 2000, now: 0 })).toBeUndefined();
  });
});

describe('AdaptiveRateLimiter', () => {
  it('halves a key’s rate on throttling, recovers on success, and leaves other keys alone', () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 100, minRate: 10, decrease: 0.5, recovery: 1.5 });
    limiter.onThrottle('a/us-east-1/s3');
    expect(limiter.rateOf('a/us-east-1/s3')).toBe(50);
    limiter.onThrottle('a/us-east-1/s3');
    limiter.onThrottle('a/us-east-1/s3');
    limiter.onThrottle('a/us-east-1/s3');
    expect(limiter.rateOf('a/us-east-1/s3')).toBe(10);
    limiter.onSuccess('a/us-east-1/s3');
    expect(limiter.rateOf('a/us-east-1/s3')).toBe(15);
    expect(limiter.rateOf('a/eu-west-1/s3')).toBe(100);
  });
  it('makes callers of a throttled key wait for tokens', async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 20, minRate: 10, decrease: 0.5 });
    limiter.onThrottle('k');
    const started = Date.now();
    for (let i = 0; i < 15; i += 1) await limiter.acquire('k');
    // 10 tokens in the bucket, then 5 more at 10/s: about half a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
  it('gives up waiting when the deadline aborts', async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 2, minRate: 1, decrease: 0.5 });
    limiter.onThrottle('k');
    await limiter.acquire('k');
    await expect(limiter.acquire('k', AbortSignal.timeout(50))).rejects.toThrow();
  });
});

describe('parseDurationMs', () => {
  it('reads units, combinations largest first, and bare seconds', () => {
    expect(parseDurationMs('30s')).toBe(30_000);
    expect(parseDurationMs('5m')).toBe(300_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('45')).toBe(45_000);
  });
  it('refuses anything else', () => {
    for (const value of ['', 's', '10x', '30s5m', '1m1m', '-5s', '5 m', 'soon']) expect(parseDurationMs(value)).toBeUndefined();
  });
});
