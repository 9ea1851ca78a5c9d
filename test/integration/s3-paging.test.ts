/**
 * A bucket listing that returns a continuation token is followed to the end. ListBuckets pages
 * with MaxBuckets and ContinuationToken
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html); moto 5.2.5 truncates at
 * MaxBuckets without a token, so this runs against the benchmark's loopback S3 endpoint
 * (bench/s3-server.ts), which pages as that reference describes. ajar asks for pages of 1,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, startS3Server, type RunningServer } from '../../bench/s3-server.ts';
import type { Report } from '../../src/report/model.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const BUCKETS = 2_345;
let server: RunningServer;

beforeAll(async () => {
  server = await startS3Server({ buckets: BUCKETS, latencyMs: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('ListBuckets over more than one page', () => {
  it('reads every page, every bucket once, and stops at the page without a token', async () => {
    // One facet per bucket (Object Ownership) keeps the run short; the listing is what is tested.
    const result = await runCli(['scan', 'aws', '--endpoint', server.endpoint, '--rules', 'aws-s3-bucket-acls-disabled', '--format', 'json', '--concurrency', '32'], emulatorEnv());
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    const names = report.findings.map((f) => f.resource.name);
    expect(names).toHaveLength(BUCKETS);
    expect(new Set(names)).toEqual(new Set(Array.from({ length: BUCKETS }, (_, i) => bucketName(i))));
    // Three pages: 1,000 + 1,000 + 345.
    const stats = await server.stats();
    expect(stats.byOperation.ListBuckets).toBe(3);
    expect(report.stats.apiCallsByOperation.ListBuckets).toBe(3);
    expect(report.collectionErrors).toEqual([]);
  }, 120_000);
});
