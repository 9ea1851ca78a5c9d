/**
 * History end to end: the real CLI scans moto four times into a state store (SQLite file, then a
 * real PostgreSQL server) while a bucket is made public and then fixed, and `ajar history` prints
 * its timeline. Checks first seen, existing vs new, --fail-on-new against the store, the resolved
 * list in the report, and the exit codes.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/lib/postgres.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const RULES = 'aws-s3-bucket-*-publicly-*';
const READABLE = 'aws-s3-bucket-objects-not-publicly-readable';
const work = mkdtempSync(join(tmpdir(), 'ajar-history-'));

let moto: RunningMoto;
let postgres: RunningPostgres;
let s3: S3Client;

beforeAll(async () => {
  [moto, postgres] = await Promise.all([startMoto(), startPostgres()]);
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: EMULATOR_CREDENTIALS });
}, 180_000);

afterAll(async () => {
  s3?.destroy();
  await Promise.all([moto?.stop(), postgres?.stop()]);
});

const publicRead = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

interface ScanRun {
  code: number | null;
  stderr: string;
  report: Report;
  before: string;
  after: string;
}

async function scan(state: string, name: string, extra: string[] = []): Promise<ScanRun> {
  const out = join(work, `${name}.json`);
  const before = new Date().toISOString();
  const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--rules', RULES, '--state', state, '-f', 'json', '-o', out, ...extra], emulatorEnv());
  const after = new Date().toISOString();
  if (result.code === 2 || result.code === null || !existsSync(out)) throw new Error(`scan ${name} failed (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, stderr: result.stderr, report: JSON.parse(readFileSync(out, 'utf8')) as Report, before, after };
}

const finding = (report: Report, bucket: string, ruleId = READABLE): Finding | undefined =>
  report.findings.find((f) => f.resource.name === bucket && f.ruleId === ruleId);

/** The four-scan story for one store; each store gets its own bucket so the stories do not mix. */
function describeHistory(kind: string, stateUrl: () => Promise<string>, bucket: string) {
  describe(`scan --state with ${kind}`, () => {
    let state: string;
    const scans: ScanRun[] = [];

    beforeAll(async () => {
      state = await stateUrl();
      const seed = seeder(moto.endpoint);
      await seed.bucket({ name: bucket });
      await seed.bucket({ name: `${bucket}-quiet` });
      seed.close();
      scans.push(await scan(state, `${kind}-1-private`));
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(publicRead(bucket)) }));
      scans.push(await scan(state, `${kind}-2-public`));
      scans.push(await scan(state, `${kind}-3-still-public`, ['--fail-on-new']));
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      scans.push(await scan(state, `${kind}-4-fixed`));
    }, 240_000);

    it('exits 0 while private, 1 once public, 0 with --fail-on-new when nothing is new, 0 once fixed', () => {
      expect(scans.map((s) => s.code)).toEqual([0, 1, 0, 0]);
      expect(scans.map((s) => s.stderr)).toEqual(['', '', '', '']);
    });

    it('compares every scan with the store and names the previous scan of the scope', () => {
      const [first, second, third, fourth] = scans;
      expect(first!.report.comparison).toEqual({ against: expect.stringMatching(/^state:(sqlite|postgres):\/\//), resolved: [] });
      expect(second!.report.comparison?.previousScanAt).toBe(first!.report.timing.startedAt);
      expect(third!.report.comparison?.previousScanAt).toBe(second!.report.timing.startedAt);
      expect(fourth!.report.comparison?.previousScanAt).toBe(third!.report.timing.startedAt);
    });

    it('marks the bucket new when it turns public, first seen at that scan', () => {
      const [, second] = scans;
      const opened = finding(second!.report, bucket);
      expect(opened?.status).toBe('fail');
      expect(opened?.lifecycle?.state).toBe('new');
      const firstSeen = opened!.lifecycle!.firstSeen!;
      expect(firstSeen >= second!.before && firstSeen <= second!.after).toBe(true);
      expect(finding(second!.report, `${bucket}-quiet`)?.status).toBe('pass');
      expect(finding(second!.report, `${bucket}-quiet`)?.lifecycle).toBeUndefined();
    });

    it('marks it existing at the next scan, keeping the first-seen time', () => {
      const [, second, third] = scans;
      expect(finding(third!.report, bucket)?.lifecycle).toEqual({ state: 'existing', firstSeen: finding(second!.report, bucket)!.lifecycle!.firstSeen });
    });

    it('lists it as resolved once fixed, with since-when, and nothing fails any more', () => {
      const [, second, , fourth] = scans;
      expect(fourth!.report.summary.byStatus.fail).toBe(0);
      expect(fourth!.report.comparison?.resolved).toEqual([
        expect.objectContaining({
          ruleId: READABLE,
          severity: 'critical',
          fingerprint: finding(second!.report, bucket)!.fingerprint,
          resource: expect.objectContaining({ name: bucket, account: EMULATOR_ACCOUNT }),
          firstSeen: finding(second!.report, bucket)!.lifecycle!.firstSeen,
          resolvedAt: expect.any(String),
        }),
      ]);
      const resolvedAt = fourth!.report.comparison!.resolved[0]!.resolvedAt;
      expect(resolvedAt >= fourth!.before && resolvedAt <= fourth!.after).toBe(true);
    });

    it('ajar history prints the timeline: opened, then resolved', async () => {
      const [, second, , fourth] = scans;
      const text = await runCli(['history', bucket, '--state', state]);
      expect(text.code).toBe(0);
      expect(text.stderr).toBe('');
      const opened = finding(second!.report, bucket)!.lifecycle!.firstSeen!;
      const resolvedAt = fourth!.report.comparison!.resolved[0]!.resolvedAt;
      expect(text.stdout).toContain(`${READABLE}  critical  ${bucket}`);
      expect(text.stdout).toMatch(new RegExp(`${opened.replace(/[.]/g, '\\.')}\\s+opened\\s+critical`));
      expect(text.stdout).toMatch(new RegExp(`${resolvedAt.replace(/[.]/g, '\\.')}\\s+resolved\\s+critical\\s+passes now`));
      expect(text.stdout).toContain(`resolved ${resolvedAt} after less than a minute`);

      const json = await runCli(['history', finding(second!.report, bucket)!.fingerprint.slice(0, 12), '--state', state, '--format', 'json']);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.findings).toHaveLength(1);
      expect(parsed.findings[0]).toMatchObject({ ruleId: READABLE, status: 'resolved', firstSeen: opened, resolvedAt });
      expect(parsed.findings[0].events.map((e: { event: string }) => e.event)).toEqual(['opened', 'resolved']);

      const none = await runCli(['history', `${bucket}-quiet`, '--state', state]);
      expect(none.code).toBe(1);
      expect(none.stdout).toBe('');
      expect(none.stderr).toMatch(/^ajar: no finding in .* matches "[a-z0-9-]+-quiet"/);
    }, 120_000);
  });
}

describeHistory('sqlite', async () => `sqlite://${join(work, 'state.db')}`, 'story-sqlite');
describeHistory('postgres', async () => postgres.database('history_story'), 'story-postgres');

describe('scan --inventory --state', () => {
  it('records a replayed inventory as of the time it was collected', async () => {
    const bucket = 'story-replay';
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: bucket, policy: publicRead(bucket) });
    seed.close();
    const inventoryFile = join(work, 'replay-inventory.json');
    const collected = await runCli(['collect', 'aws', '--endpoint', moto.endpoint, '--rules', RULES, '--output', inventoryFile], emulatorEnv());
    expect(collected.stderr).toBe('');
    const collectedAt: string = JSON.parse(readFileSync(inventoryFile, 'utf8')).collectedAt;
    await new Promise((r) => setTimeout(r, 20));

    const state = `sqlite:${join(work, 'replay.db')}`;
    const out = join(work, 'replay.json');
    const replay = await runCli(['scan', 'aws', '--inventory', inventoryFile, '--rules', RULES, '--state', state, '-f', 'json', '-o', out]);
    expect(replay.code).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(finding(report, bucket)?.lifecycle).toEqual({ state: 'new', firstSeen: new Date(collectedAt).toISOString() });

    const history = await runCli(['history', bucket, '--state', state, '--format', 'json']);
    const [timeline] = JSON.parse(history.stdout).findings;
    expect(timeline.events).toEqual([expect.objectContaining({ at: new Date(collectedAt).toISOString(), event: 'opened' })]);
  }, 120_000);
});
