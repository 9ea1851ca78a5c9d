/**
 * The fault proxy's chaos mode must fault the share of requests it is told to: a scan behind it
 * at "20% throttling" is only a test of that if about 20% of what reaches it is throttled. (Its
 * hash once left half of all rolls negative, so ~64% of requests were faulted at a nominal 27%.)
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, unitHash } from '../support/fault-proxy.ts';

let upstream: Server;
let target: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<ok>'.padEnd(2048, 'x'));
  });
  await new Promise<void>((ready) => upstream.listen(0, '127.0.0.1', ready));
  target = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((done) => upstream.close(() => done())));

/** One GET without keep-alive; resolves with the status, or 0 when the connection was cut. */
const get = (endpoint: string, path: string) =>
  new Promise<number>((done) => {
    const req = request(`${endpoint}${path}`, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => done(res.statusCode ?? 0));
      res.once('error', () => done(0));
      res.once('aborted', () => done(0));
    });
    req.once('error', () => done(0));
    req.end();
  });

describe('fault proxy chaos mode', () => {
  it('hashes into the whole of [0, 1), evenly', () => {
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i += 1) {
      const roll = unitHash(`1:GET /estate-${i % 24}?acl#${i}`);
      expect(roll).toBeGreaterThanOrEqual(0);
      expect(roll).toBeLessThan(1);
      tenths[Math.floor(roll * 10)]! += 1;
    }
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('faults each request at its nominal rates, retries included, within a few points', async () => {
    const proxy = await startFaultProxy(target, [], {
      seed: 7,
      throttle: 0.2,
      reset: 0.05,
      truncate: 0.02,
      deny: { match: (req) => (req.url ?? '').includes('?policy'), rate: 0.1 },
    });
    try {
      const urls = Array.from({ length: 400 }, (_, i) => `/bucket-${i}?${i % 2 === 0 ? 'policy' : 'acl'}`);
      // As a client would: every faulted request is asked again, up to five attempts.
      await Promise.all(
        urls.map(async (url) => {
          for (let attempt = 0; attempt < 5; attempt += 1) {
            const status = await get(proxy.endpoint, url);
            if (status === 200 || status === 403) return;
          }
        }),
      );
      const { requests, throttled, reset, truncated, denied } = proxy.chaos;
      const notDenied = requests - [...denied].length;
      expect(requests).toBeGreaterThan(500);
      expect(Math.abs(throttled / notDenied - 0.2)).toBeLessThan(0.03);
      expect(Math.abs(reset / notDenied - 0.05)).toBeLessThan(0.02);
      expect(Math.abs(truncated / notDenied - 0.02)).toBeLessThan(0.015);
      // Denial is decided per URL, once: 10% of the 200 policy URLs, and only those.
      expect([...denied].every((url) => url.includes('?policy'))).toBe(true);
      expect(Math.abs(denied.size / 200 - 0.1)).toBeLessThan(0.05);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
