/**
 * Retries that survive real throttling: moto behind the fault proxy, which throttles 20% of
 * requests (503 SlowDown, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html),
 * resets 5% of connections, truncates 2% of bodies, and denies GetBucketPolicy on 10% of buckets.
 * The faults are decided by a seeded hash of each request, so every run is the same. Findings must
 * equal the fault-free run's wherever the data was readable, be `unknown` only where AccessDenied
 * made it unreadable, and the scan must end in bounded time. A second proxy revokes the
 * credentials (403 InvalidAccessKeyId) mid-scan: ajar must stop sending at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';
import { s3Error, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';

const BUCKETS = 24;
const CONCURRENCY = 8;
const keyOf = (f: Finding) => `${f.ruleId} ${f.resource.name}`;
const isPolicyRequest = (req: { method?: string; url?: string }) => req.method === 'GET' && /[?&]policy(=|&|$)/.test(req.url ?? '');

let moto: RunningMoto;
let clean: Report;

beforeAll(async () => {
  moto = await startMoto();
  const seed = seeder(moto.endpoint);
  for (let i = 0; i < BUCKETS; i += 1) {
    const name = `estate-${String(i).padStart(2, '0')}`;
    if (i % 3 === 0) await seed.bucket({ name, acl: 'public-read' });
    else if (i % 3 === 1) {
      await seed.bucket({
        name,
        policy: { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }] },
      });
    } else await seed.bucket({ name });
  }
  seed.close();
  const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--format', 'json', '--concurrency', String(CONCURRENCY)], emulatorEnv());
  clean = JSON.parse(result.stdout) as Report;
  expect(clean.findings.length).toBeGreaterThan(BUCKETS);
  expect(clean.findings.filter((f) => f.status === 'unknown')).toEqual([]);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
});

describe('scan aws through throttling, resets, truncation and partial AccessDenied', () => {
  let proxy: FaultProxy;
  afterAll(async () => proxy?.close());

  it('decides everything readable exactly as without faults, and only the denied policies are unknown', async () => {
    proxy = await startFaultProxy(moto.endpoint, [], { seed: 9, throttle: 0.2, reset: 0.05, truncate: 0.02, deny: { match: isPolicyRequest, rate: 0.1 } });
    const started = Date.now();
    const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--format', 'json', '--concurrency', String(CONCURRENCY), '--max-scan-time', '2m'], emulatorEnv());
    const seconds = (Date.now() - started) / 1000;
    const report = JSON.parse(result.stdout) as Report;
    const deniedBuckets = new Set([...proxy.chaos.denied].map((url) => new URL(url, 'http://x').pathname.split('/')[1]));
    const unknown = report.findings.filter((f) => f.status === 'unknown');
    const retries = report.stats.apiCalls - clean.stats.apiCalls;
    console.log(
      `faults: ${proxy.chaos.requests} requests, ${proxy.chaos.throttled} throttled, ${proxy.chaos.reset} reset, ${proxy.chaos.truncated} truncated, ` +
        `${deniedBuckets.size} bucket policies denied; ${retries} more API calls than the clean run (retries); ` +
        `unknown ${unknown.length}/${report.findings.length} = ${((100 * unknown.length) / report.findings.length).toFixed(1)}%; ${seconds.toFixed(1)} s`,
    );
    expect(proxy.chaos.throttled).toBeGreaterThan(0);
    expect(proxy.chaos.reset).toBeGreaterThan(0);
    expect(deniedBuckets.size).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(120);
    expect(result.code, result.stderr).toBe(3);

    const before = new Map(clean.findings.map((f) => [keyOf(f), f.status]));
    expect(report.findings.map(keyOf).sort()).toEqual([...before.keys()].sort());
    for (const finding of report.findings) {
      if (finding.status === 'unknown') {
        // Unknown only where the policy was denied, and it says so.
        expect(deniedBuckets.has(finding.resource.name), keyOf(finding)).toBe(true);
        expect(JSON.stringify(finding)).toContain('AccessDenied');
      } else {
        expect(finding.status, keyOf(finding)).toBe(before.get(keyOf(finding)));
      }
    }
    for (const bucket of deniedBuckets) expect(unknown.some((f) => f.resource.name === bucket), bucket).toBe(true);
  }, 150_000);
});

describe('credentials revoked mid-scan', () => {
  it.each(['InvalidAccessKeyId', 'ExpiredToken', 'SignatureDoesNotMatch'])('stops sending after %s, says so once, and leaves the rest unknown', async (code) => {
    const switchAfter = 12;
    const proxy = await startFaultProxy(moto.endpoint, [], { seed: 1, switchAfter: { requests: switchAfter, status: 403, body: s3Error(code, 'The credentials were rejected.') } });
    try {
      const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--format', 'json', '--concurrency', String(CONCURRENCY)], emulatorEnv());
      console.log(`${code}: ${proxy.chaos.afterSwitch} request(s) after the switch (concurrency ${CONCURRENCY})`);
      // Only what was already in flight when the first rejection came back.
      expect(proxy.chaos.afterSwitch).toBeLessThanOrEqual(CONCURRENCY);
      // 1 when a finding read before the switch fails, else 3; never 0.
      expect([1, 3]).toContain(result.code);
      const rejected = result.stderr.split('\n').filter((line) => line.includes('rejected the credentials'));
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toContain(code);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.some((f) => f.status === 'unknown' && JSON.stringify(f).includes(code))).toBe(true);
      expect(report.findings.some((f) => f.status === 'pass' && JSON.stringify(f).includes(code))).toBe(false);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
