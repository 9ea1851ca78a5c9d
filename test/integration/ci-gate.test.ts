/**
 * The CI gate end to end: the real CLI against moto, scanned twice with a change in between (one
 * bucket made public, one fixed). The first scan's JSON report is the baseline of the second;
 * `--fail-on-new`, suppressions (valid, expired, stale, bad) and the exit codes are checked on
 * the second estate.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { EMULATOR_CREDENTIALS, FULL_BLOCK, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';
import { sarifSchemaErrors } from '../support/sarif.ts';

const READ = 'aws-s3-bucket-objects-not-publicly-readable';
const RULES = `${READ},aws-s3-bucket-not-publicly-listable`;
const dir = mkdtempSync(join(tmpdir(), 'ajar-gate-'));
const path = (name: string) => join(dir, name);

const publicRead = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

const readFinding = (report: Report, bucket: string): Finding | undefined =>
  report.findings.find((f) => f.ruleId === READ && f.resource.name === bucket);

const suppressionsFile = (name: string, entries: Record<string, string>[]) => {
  const text = `suppressions:\n${entries.map((e) => `  - ${Object.entries(e).map(([k, v]) => `${k}: '${v}'`).join('\n    ')}\n`).join('')}`;
  writeFileSync(path(name), text);
  return path(name);
};

describe('CI gate: baseline, --fail-on-new and suppressions across two scans', () => {
  let moto: RunningMoto;
  let scan: (...extra: string[]) => ReturnType<typeof runCli>;
  let scanIn: (cwd: string, ...extra: string[]) => ReturnType<typeof runCli>;
  let first: { code: number | null; report: Report };

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'public-site', policy: publicRead('public-site') });
    await seed.bucket({ name: 'to-fix', policy: publicRead('to-fix') });
    await seed.bucket({ name: 'later-public' });
    await seed.bucket({ name: 'locked', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    seed.close();
    scanIn = (cwd: string, ...extra: string[]) => runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--rules', RULES, '--no-progress', ...extra], emulatorEnv(), cwd);
    scan = (...extra: string[]) => scanIn(dir, ...extra);

    const result = await scan('-f', 'json', '-o', path('baseline.json'));
    first = { code: result.code, report: JSON.parse(readFileSync(path('baseline.json'), 'utf8')) };

    // The change between the two scans: one bucket opened, one fixed.
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: EMULATOR_CREDENTIALS });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'later-public', Policy: JSON.stringify(publicRead('later-public')) }));
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'to-fix' }));
    s3.destroy();
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  }, 90_000);

  it('the first scan fails on the two public buckets and has no comparison', () => {
    expect(first.code).toBe(1);
    expect(readFinding(first.report, 'public-site')?.status).toBe('fail');
    expect(readFinding(first.report, 'to-fix')?.status).toBe('fail');
    expect(readFinding(first.report, 'later-public')?.status).toBe('pass');
    expect(first.report.comparison).toBeUndefined();
    expect(readFinding(first.report, 'public-site')?.lifecycle).toBeUndefined();
  }, 90_000);

  it('against the baseline: new, existing and resolved; --fail-on-new exits 1 for the newly public bucket', async () => {
    const result = await scan('--baseline', path('baseline.json'), '--fail-on-new', '-f', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report: Report = JSON.parse(result.stdout);
    expect(readFinding(report, 'later-public')?.lifecycle).toEqual({ state: 'new' });
    expect(readFinding(report, 'public-site')?.lifecycle).toEqual({ state: 'existing', firstSeen: first.report.timing.startedAt });
    expect(report.comparison?.against).toBe(`baseline:${path('baseline.json')}`);
    expect(report.comparison?.previousScanAt).toBe(first.report.timing.startedAt);
    expect(report.comparison?.resolved.map((r) => [r.ruleId, r.resource.name])).toEqual([[READ, 'to-fix']]);
  }, 90_000);

  it('--fail-on-new exits 0 when the only failing findings are already in the baseline', async () => {
    const again = await scan('--baseline', path('baseline.json'), '-f', 'json', '-o', path('second.json'));
    expect(again.code).toBe(1); // without --fail-on-new the existing public bucket still fails
    // The second scan as the baseline: nothing is new any more.
    const result = await scan('--baseline', path('second.json'), '--fail-on-new', '-f', 'json');
    expect(result.code).toBe(0);
    const report: Report = JSON.parse(result.stdout);
    expect(report.findings.filter((f) => f.lifecycle?.state === 'new')).toEqual([]);
    expect(report.summary.byStatus.fail).toBe(2);
  }, 90_000);

  it('suppressed findings stay failing in JSON and SARIF but do not fail the gate; stale and expired entries are reported', async () => {
    const file = suppressionsFile('ignore.yaml', [
      { ruleId: READ, resource: 'arn:aws:s3:::public-site', reason: 'static website, public by design', owner: 'web@example.com', expires: '2099-12-31' },
      { ruleId: 'aws-s3-bucket-*', resource: 're:^arn:aws:s3:::later-.*$', reason: 'launch page', owner: 'growth@example.com', expires: '2099-01-31' },
      { ruleId: READ, resource: 'arn:aws:s3:::no-such-bucket', reason: 'old', owner: 'ops@example.com', expires: '2099-01-01' },
      { ruleId: READ, resource: 'arn:aws:s3:::to-fix', reason: 'was temporary', owner: 'ops@example.com', expires: '2020-01-01' },
    ]);
    const result = await scan('--suppressions', file, '-f', 'json', '-o', path('suppressed.json'), '-f', 'sarif', '-o', path('suppressed.sarif'));
    expect(result.code).toBe(0);
    const report: Report = JSON.parse(readFileSync(path('suppressed.json'), 'utf8'));
    const site = readFinding(report, 'public-site')!;
    expect(site.status).toBe('fail');
    expect(site.suppression).toEqual({ reason: 'static website, public by design', owner: 'web@example.com', expires: '2099-12-31', source: `${file}:2:5: $.suppressions[0]` });
    expect(readFinding(report, 'later-public')?.suppression?.owner).toBe('growth@example.com');
    expect(report.summary.failingBySeverity.critical).toBe(2);
    expect(report.suppressions?.stale).toEqual([{ ruleId: READ, resource: 'arn:aws:s3:::no-such-bucket', source: `${file}:12:5: $.suppressions[2]` }]);
    expect(report.suppressions?.expired).toEqual([{ ruleId: READ, resource: 'arn:aws:s3:::to-fix', expires: '2020-01-01', source: `${file}:17:5: $.suppressions[3]` }]);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `ajar: warning: ${file}:17:5: $.suppressions[3]: suppression of ${READ} on arn:aws:s3:::to-fix expired on 2020-01-01 (owner ops@example.com); its findings count again`,
      `ajar: warning: ${file}:12:5: $.suppressions[2]: suppression of ${READ} on arn:aws:s3:::no-such-bucket matched no finding (stale: remove it or fix its pattern)`,
    ]);

    const sarif = JSON.parse(readFileSync(path('suppressed.sarif'), 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results as { properties: { resource: { name: string } }; suppressions?: { kind: string; status: string; justification: string }[] }[];
    expect(results).toHaveLength(2);
    expect(results.map((r) => [r.properties.resource.name, r.suppressions?.[0]?.status])).toEqual(
      expect.arrayContaining([
        ['public-site', 'accepted'],
        ['later-public', 'accepted'],
      ]),
    );
    expect(results.find((r) => r.properties.resource.name === 'public-site')!.suppressions![0]!.justification).toBe(
      'static website, public by design (owner: web@example.com; expires 2099-12-31)',
    );
  }, 90_000);

  it('an expired entry stops suppressing: the bucket it covered fails the gate again', async () => {
    const file = suppressionsFile('expired.yaml', [
      { ruleId: READ, resource: 'arn:aws:s3:::public-site', reason: 'static website', owner: 'web@example.com', expires: '2099-12-31' },
      { ruleId: READ, resource: 'arn:aws:s3:::later-public', reason: 'launch week only', owner: 'growth@example.com', expires: '2021-03-01' },
    ]);
    const result = await scan('--suppressions', file, '-f', 'json');
    expect(result.code).toBe(1);
    const report: Report = JSON.parse(result.stdout);
    expect(readFinding(report, 'later-public')?.suppression).toBeUndefined();
    expect(result.stderr).toContain('expired on 2021-03-01 (owner growth@example.com)');
  }, 90_000);

  it('finds ./.ajarignore.yaml by default and takes entries from the config file too', async () => {
    mkdirSync(path('project'));
    suppressionsFile('project/.ajarignore.yaml', [{ ruleId: READ, resource: 'arn:aws:s3:::public-site', reason: 'website', owner: 'web@example.com', expires: '2099-12-31' }]);
    writeFileSync(
      path('project/ajar.config.yaml'),
      `suppressions:\n  - ruleId: ${READ}\n    resource: glob:arn:aws:s3:::later-*\n    reason: launch page\n    owner: growth@example.com\n    expires: 2099-01-31\n`,
    );
    const result = await scanIn(path('project'), '-f', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report: Report = JSON.parse(result.stdout);
    expect(readFinding(report, 'public-site')?.suppression?.source).toBe('.ajarignore.yaml:2:5: $.suppressions[0]');
    expect(readFinding(report, 'later-public')?.suppression?.source).toBe('ajar.config.yaml: $.suppressions[0]');
  }, 90_000);

  it('bad gate input is one line and exit 2, before any API call', async () => {
    const bad = path('bad.yaml');
    writeFileSync(bad, `suppressions:\n  - ruleId: ${READ}\n    resource: arn:aws:s3:::x\n    reason: r\n    owner: o\n    expires: 31/12/2099\n`);
    const [noNew, badFile, badBaseline] = await Promise.all([
      runCli(['scan', 'aws', '--endpoint', 'http://127.0.0.1:9', '--fail-on-new'], emulatorEnv(), dir),
      runCli(['scan', 'aws', '--endpoint', 'http://127.0.0.1:9', '--suppressions', bad], emulatorEnv(), dir),
      runCli(['scan', 'aws', '--endpoint', 'http://127.0.0.1:9', '--baseline', path('ignore.yaml')], emulatorEnv(), dir),
    ]);
    for (const result of [noNew, badFile, badBaseline]) {
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(noNew.stderr).toBe('ajar: --fail-on-new: needs something to compare with: --baseline <report.json> or --state <url>\n');
    expect(badFile.stderr).toBe(`ajar: ${bad}:6:14: $.suppressions[0].expires: expected a date YYYY-MM-DD, got "31/12/2099"\n`);
    expect(badBaseline.stderr).toMatch(/^ajar: .*ignore\.yaml: not valid JSON: .* \(--baseline expects a report written by `ajar scan --format json`\)\n$/);
  }, 90_000);
});
