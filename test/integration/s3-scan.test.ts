/**
 * The real CLI, as a subprocess, against moto seeded through the real AWS SDK: every kind of
 * exposure, the three exit codes a scan can end with, the SARIF file, and an AccessDenied path.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { FULL_BLOCK, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';
import { s3Error, s3Request, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { sarifSchemaErrors } from '../support/sarif.ts';

const VENDOR = '444455556666';
const work = mkdtempSync(join(tmpdir(), 'ajar-it-'));

const statusOf = (report: Report, bucket: string, ruleId: string): Finding | undefined =>
  report.findings.find((f) => f.resource.name === bucket && f.ruleId === ruleId);

describe('scan aws against an exposed estate', () => {
  let moto: RunningMoto;
  let report: Report;
  let sarif: any;
  let exitCode: number | null;

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'acl-public-read', acl: 'public-read' });
    await seed.bucket({
      name: 'acl-public-write',
      grants: { GrantWrite: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"', GrantWriteACP: 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' },
    });
    await seed.bucket({ name: 'acl-authenticated-read', acl: 'authenticated-read' });
    await seed.bucket({
      name: 'policy-public-read',
      region: 'eu-west-1',
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-public-read/*' }] },
    });
    await seed.bucket({
      name: 'policy-referer-only',
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'HotlinkGuard', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-referer-only/*', Condition: { StringLike: { 'aws:Referer': 'https://shop.example/*' } } }] },
    });
    await seed.bucket({
      name: 'policy-vpce-only',
      ownership: 'BucketOwnerEnforced',
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'FromVpce', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-vpce-only/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc1234' } } }] },
    });
    await seed.bucket({
      name: 'vendor-shared',
      ownership: 'BucketOwnerEnforced',
      publicAccessBlock: FULL_BLOCK,
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'VendorRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::vendor-shared', 'arn:aws:s3:::vendor-shared/*'] }] },
    });
    await seed.bucket({ name: 'locked', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    await seed.bucket({ name: 'acl-ignored', acl: 'public-read', publicAccessBlock: { ...FULL_BLOCK, BlockPublicAcls: false } });
    seed.close();

    const result = await runCli(
      ['scan', 'aws', '--endpoint', moto.endpoint, '--format', 'json', '--output', join(work, 'report.json'), '--format', 'sarif', '--output', join(work, 'report.sarif'), '--format', 'table'],
      emulatorEnv(),
    );
    exitCode = result.code;
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Coverage:');
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
    sarif = JSON.parse(readFileSync(join(work, 'report.sarif'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('exits 1 because failing findings at or above high exist', () => {
    expect(exitCode).toBe(1);
  });

  it('finds the public-read ACL as listable but not object-readable (bucket ACLs do not grant object reads)', () => {
    expect(statusOf(report, 'acl-public-read', 'aws-s3-bucket-not-publicly-listable')?.status).toBe('fail');
    expect(statusOf(report, 'acl-public-read', 'aws-s3-bucket-objects-not-publicly-readable')?.status).toBe('pass');
  });

  it('finds an AllUsers WRITE grant as publicly writable and WRITE_ACP to AuthenticatedUsers as changeable permissions', () => {
    const finding = statusOf(report, 'acl-public-write', 'aws-s3-bucket-not-publicly-writable');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('AllUsers WRITE');
    const acp = statusOf(report, 'acl-public-write', 'aws-s3-bucket-permissions-not-publicly-writable');
    expect(acp?.status).toBe('fail');
    expect(acp?.message).toContain('AuthenticatedUsers WRITE_ACP');
  });

  it('names AuthenticatedUsers grants', () => {
    expect(statusOf(report, 'acl-authenticated-read', 'aws-s3-bucket-not-open-to-any-authenticated-user')?.status).toBe('fail');
  });

  it('finds the public policy, with its Sid, in the bucket region from the listing', () => {
    const finding = statusOf(report, 'policy-public-read', 'aws-s3-bucket-objects-not-publicly-readable');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('Sid "PublicRead"');
    expect(finding?.resource.region).toBe('eu-west-1');
  });

  it('treats an aws:Referer condition as no restriction', () => {
    const finding = statusOf(report, 'policy-referer-only', 'aws-s3-bucket-objects-not-publicly-readable');
    expect(finding?.status).toBe('fail');
    expect(finding?.trace.map((s) => s.detail).join('\n')).toContain('aws:Referer');
  });

  it('treats a fixed aws:SourceVpce condition as a restriction', () => {
    expect(statusOf(report, 'policy-vpce-only', 'aws-s3-bucket-objects-not-publicly-readable')?.status).toBe('pass');
  });

  it('reports the vendor account as untrusted access, not as public', () => {
    const external = statusOf(report, 'vendor-shared', 'aws-s3-bucket-no-untrusted-account-access');
    expect(external?.status).toBe('fail');
    expect(external?.message).toContain(VENDOR);
    expect(statusOf(report, 'vendor-shared', 'aws-s3-bucket-objects-not-publicly-readable')?.status).toBe('pass');
  });

  it('lets IgnorePublicAcls neutralise a public ACL', () => {
    const finding = statusOf(report, 'acl-ignored', 'aws-s3-bucket-not-publicly-listable');
    expect(finding?.status).toBe('pass');
    expect(finding?.message).toContain('IgnorePublicAcls');
  });

  it('passes the locked bucket on every rule', () => {
    const locked = report.findings.filter((f) => f.resource.name === 'locked');
    expect(locked.length).toBe(12);
    expect(locked.every((f) => f.status === 'pass')).toBe(true);
  });

  it('flags the account-level Block Public Access left off', () => {
    expect(report.findings.find((f) => f.ruleId === 'aws-s3-account-public-access-block-enabled')?.status).toBe('fail');
  });

  it('reports full coverage and the account', () => {
    expect(report.coverage.ratio).toBe(1);
    expect(report.scope[0]?.account).toBe('123456789012');
  });

  it('writes SARIF that the 2.1.0 schema accepts, with one result per failing finding', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const failing = report.findings.filter((f) => f.status === 'fail').length;
    const results = sarif.runs[0].results.filter((r: { kind?: string }) => r.kind === undefined || r.kind === 'fail');
    expect(results).toHaveLength(failing);
    expect(results.every((r: any) => typeof r.partialFingerprints?.['ajarFindingFingerprint/v1'] === 'string')).toBe(true);
  });
});

describe('scan aws against a clean estate', () => {
  let moto: RunningMoto;
  let proxy: FaultProxy;
  let unimplemented: FaultProxy;

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.accountPublicAccessBlock(FULL_BLOCK);
    await seed.bucket({ name: 'clean-one', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    await seed.bucket({ name: 'clean-two', region: 'eu-west-1', ownership: 'BucketOwnerEnforced' });
    await seed.bucket({
      name: 'clean-owner-policy',
      ownership: 'BucketOwnerEnforced',
      policy: { Version: '2012-10-17', Statement: [{ Sid: 'OwnerRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::clean-owner-policy/*' }] },
    });
    seed.close();
    unimplemented = await startFaultProxy(moto.endpoint, [
      { match: s3Request('clean-one', 'ownershipControls'), status: 501, body: s3Error('NotImplemented', 'A header you provided implies functionality that is not implemented') },
      { match: s3Request('clean-owner-policy', 'policyStatus'), status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></PolicyStatus>' },
    ]);
    proxy = await startFaultProxy(moto.endpoint, [
      { match: s3Request('clean-two', 'policy'), status: 403, body: s3Error('AccessDenied', 'Access Denied') },
    ]);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await unimplemented?.close();
    await moto?.stop();
  });

  it('exits 0 when everything passes', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--format', 'json'], emulatorEnv());
    expect(result.code).toBe(0);
    const report: Report = JSON.parse(result.stdout);
    expect(report.summary.byStatus.fail).toBe(0);
    expect(report.summary.byStatus.pass).toBeGreaterThan(0);
  });

  it('turns an AccessDenied on GetBucketPolicy into unknown findings, coverage below 100% and exit 3', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--format', 'json'], emulatorEnv());
    expect(result.code).toBe(3);
    const report: Report = JSON.parse(result.stdout);
    const unknown = report.findings.filter((f) => f.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((f) => f.resource.name === 'clean-two')).toBe(true);
    expect(unknown[0]?.unreadable).toEqual([expect.objectContaining({ operation: 'GetBucketPolicy', code: 'AccessDenied' })]);
    expect(report.coverage.ratio).toBeLessThan(1);
    expect(report.summary.byStatus.fail).toBe(0);
    expect([...proxy.hits.values()][0]).toBeGreaterThan(0);
  });

  it('shows the unknown and the coverage in the table', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint], emulatorEnv());
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('unknown');
    expect(result.stdout).toMatch(/Coverage: \d+(\.\d+)?% /);
    expect(result.stdout).toContain('AccessDenied');
  });

  it('treats 501 NotImplemented as unknown, never pass, and exits 3', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', unimplemented.endpoint, '--format', 'json'], emulatorEnv());
    expect(result.code).toBe(3);
    const report: Report = JSON.parse(result.stdout);
    const ownership = statusOf(report, 'clean-one', 'aws-s3-bucket-acls-disabled');
    expect(ownership?.status).toBe('unknown');
    expect(ownership?.unreadable?.[0]).toMatchObject({ operation: 'GetBucketOwnershipControls', code: 'NotImplemented' });
    expect(statusOf(report, 'clean-one', 'aws-s3-bucket-objects-not-publicly-readable')?.status).toBe('unknown');
  });

  it('does not take a PolicyStatus answer without IsPublic as "not public": the facet is unreadable and coverage says so', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', unimplemented.endpoint, '--format', 'json'], emulatorEnv());
    const report: Report = JSON.parse(result.stdout);
    const read = statusOf(report, 'clean-owner-policy', 'aws-s3-bucket-objects-not-publicly-readable');
    // The policy itself was read and names only the owner's role: the verdict stands on it.
    expect(read?.status).toBe('pass');
    expect(read?.trace.some((step) => step.layer === 'policy status')).toBe(false);
    expect(report.coverage.facetsRead).toBeLessThan(report.coverage.facetsRequested);
  });

  it('retries throttling (503 SlowDown) with backoff and still decides, counting every attempt', async () => {
    const throttling = await startFaultProxy(moto.endpoint, [
      { match: s3Request('clean-one', 'acl'), status: 503, body: s3Error('SlowDown', 'Please reduce your request rate.'), times: 2 },
    ]);
    try {
      const result = await runCli(['scan', 'aws', '--endpoint', throttling.endpoint, '--format', 'json'], emulatorEnv());
      expect(result.code).toBe(0);
      const report: Report = JSON.parse(result.stdout);
      expect(statusOf(report, 'clean-one', 'aws-s3-bucket-not-publicly-listable')?.status).toBe('pass');
      expect([...throttling.hits.values()][0]).toBe(2);
      // three buckets, one of which needed three attempts
      expect(report.stats.apiCallsByOperation.GetBucketAcl).toBe(5);
    } finally {
      await throttling.close();
    }
  });
});
