/**
 * Retries that survive real throttling: moto behind the fault proxy, which throttles 20% of
 * requests (503 SlowDown, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html),
 * resets 5% of connections, truncates 2% of bodies, and denies GetBucketPolicy on 10% of buckets.
 * Here: a proxy revokes the credentials (403 InvalidAccessKeyId) mid-scan: ajar must stop sending
 * at once. (The 20%-throttling comparison run is not in yet: the proxy's seeded fault share came
 * out far above its nominal rate, see the h4 report.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';
import { s3Error, startFaultProxy } from '../support/fault-proxy.ts';

const BUCKETS = 24;
const CONCURRENCY = 8;

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

describe('credentials revoked mid-scan', () => {
  it.each(['InvalidAccessKeyId', 'SignatureDoesNotMatch'])('stops sending after %s, says so once, and leaves the rest unknown', async (code) => {
    const switchAfter = 12;
    const proxy = await startFaultProxy(moto.endpoint, [], { seed: 1, switchAfter: { requests: switchAfter, status: 403, body: s3Error(code, 'The credentials were rejected.') } });
    try {
      const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--format', 'json', '--concurrency', String(CONCURRENCY)], emulatorEnv());
      console.log(`${code}: ${proxy.chaos.afterSwitch} request(s) after the switch (concurrency ${CONCURRENCY})`);
      // Only what was already in flight when the first rejection came back. Observed 5-11 at
      // concurrency 8: the S3 and database collectors each have their own limit, so up to twice
      // the concurrency can be in flight (before this fix: over a thousand requests).
      expect(proxy.chaos.afterSwitch).toBeLessThanOrEqual(2 * CONCURRENCY);
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
