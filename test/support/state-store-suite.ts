/**
 * The state store's behaviour, written once and run against every backend: SQLite in a temp
 * directory (unit) and a real PostgreSQL server (integration). Scans are recorded directly through
 * StateStore with findings built here, so each rule of the lifecycle is checked on its own.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintOf, type Finding, type Severity } from '../../src/engine/finding.ts';
import type { ResourceRef } from '../../src/inventory/common.ts';
import { migrate, SCHEMA_VERSION } from '../../src/state/migrations.ts';
import type { SqlBackend } from '../../src/state/sql.ts';
import { StateStore, type ScanRecord } from '../../src/state/store.ts';
import { bucketRef } from './report-factory.ts';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
const READABLE = 'aws-s3-bucket-not-publicly-readable';
const WRITABLE = 'aws-s3-bucket-not-publicly-writable';

export const bucket = (name: string, account = ACCOUNT_A, region = 'eu-west-1'): ResourceRef => bucketRef(name, region, account);

type Seen = Pick<Finding, 'fingerprint' | 'ruleId' | 'severity' | 'resource' | 'message'>;
export const failing = (resource: ResourceRef, ruleId = READABLE, severity: Severity = 'critical'): Seen => ({
  fingerprint: fingerprintOf(ruleId, resource),
  ruleId,
  severity,
  resource,
  message: `Bucket ${resource.name} is readable by anyone: ACL grants AllUsers READ.`,
});
export const fp = (resource: ResourceRef, ruleId = READABLE) => fingerprintOf(ruleId, resource);

/** A scan of `accounts` at `at`, complete unless said otherwise. */
export function scanAt(at: string, input: { failing?: Seen[]; passed?: string[]; seen?: ResourceRef[]; accounts?: string[]; complete?: boolean; regions?: string[]; rules?: string[] }): ScanRecord {
  const accounts = input.accounts ?? [ACCOUNT_A];
  const regionsByScope = new Map<string, string[]>();
  if (input.regions) for (const account of accounts) regionsByScope.set(`aws:${account}`, input.regions);
  return {
    startedAt: at,
    finishedAt: at,
    seenAt: at,
    toolVersion: 'test',
    scopes: accounts.map((account) => ({ key: `aws:${account}`, provider: 'aws' as const, account, complete: input.complete ?? true })),
    ruleIds: new Set(input.rules ?? [READABLE, WRITABLE]),
    failing: input.failing ?? [],
    passed: new Set(input.passed ?? []),
    coverage: {
      resourcesSeen: new Set([...(input.seen ?? []), ...(input.failing ?? []).map((f) => f.resource)].map((r) => r.id)),
      regionsByScope,
    },
  };
}

export function describeStateStore(name: string, open: () => Promise<{ backend: SqlBackend; label: string; reopen: () => Promise<SqlBackend> }>): void {
  const fresh = async () => {
    const { backend, label, reopen } = await open();
    await migrate(backend);
    return { store: new StateStore(backend, label), reopen, backend };
  };

  describe(`state store logic (${name})`, () => {
    it('migrates an empty store once, records the version, and refuses a schema from a newer ajar', async () => {
      const { backend, reopen } = await open();
      expect(await migrate(backend)).toEqual([1]);
      const again = await reopen();
      expect(await migrate(again)).toEqual([]);
      const versions = await again.all('SELECT version FROM schema_version');
      expect(versions.map((v) => Number(v.version))).toEqual([SCHEMA_VERSION]);
      await again.run('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)', [SCHEMA_VERSION + 1, 'from the future', '2030-01-01T00:00:00.000Z']);
      await expect(migrate(again)).rejects.toThrow(/schema version 2, newer than this ajar understands \(1\); upgrade ajar/);
      await again.close();
      await backend.close();
    });

    it('opens a finding at its first failing scan and knows it as existing, with first seen, at the next', async () => {
      const { store } = await fresh();
      const dashcam = bucket('dashcam-images');
      const first = await store.recordScan(scanAt('2016-03-01T10:00:00.000Z', { failing: [failing(dashcam)] }));
      expect(first).toMatchObject({ previousScanAt: undefined, opened: 1, reopened: 0, resolved: [] });
      const prior = await store.priorFindings(['aws']);
      expect(prior.failing.get(fp(dashcam))).toMatchObject({ ruleId: READABLE, severity: 'critical', firstSeen: '2016-03-01T10:00:00.000Z', resource: dashcam });
      const second = await store.recordScan(scanAt('2019-05-01T10:00:00.000Z', { failing: [failing(dashcam)] }));
      expect(second).toMatchObject({ previousScanAt: '2016-03-01T10:00:00.000Z', opened: 0, resolved: [] });
      const [history] = await store.history('dashcam-images');
      expect(history).toMatchObject({ status: 'open', firstSeen: '2016-03-01T10:00:00.000Z', openedAt: '2016-03-01T10:00:00.000Z', lastSeen: '2019-05-01T10:00:00.000Z' });
      expect(history!.events.map((e) => e.event)).toEqual(['opened']);
      expect(await store.priorFindings(['azure'])).toMatchObject({ failing: new Map() });
      await store.close();
    });

    it('resolves a finding that now passes, and reopens it (new period, first seen kept) when it fails again', async () => {
      const { store } = await fresh();
      const dashcam = bucket('dashcam-images');
      await store.recordScan(scanAt('2020-01-01T00:00:00.000Z', { failing: [failing(dashcam)] }));
      const fixed = await store.recordScan(scanAt('2021-01-01T00:00:00.000Z', { passed: [fp(dashcam)], seen: [dashcam] }));
      expect(fixed.resolved).toEqual([
        expect.objectContaining({ fingerprint: fp(dashcam), ruleId: READABLE, severity: 'critical', firstSeen: '2020-01-01T00:00:00.000Z', resolvedAt: '2021-01-01T00:00:00.000Z', reason: 'passes' }),
      ]);
      expect((await store.priorFindings(['aws'])).failing.size).toBe(0);
      const again = await store.recordScan(scanAt('2022-06-01T00:00:00.000Z', { failing: [failing(dashcam)] }));
      expect(again).toMatchObject({ opened: 0, reopened: 1 });
      const [history] = await store.history(fp(dashcam));
      expect(history).toMatchObject({ status: 'open', firstSeen: '2020-01-01T00:00:00.000Z', openedAt: '2022-06-01T00:00:00.000Z', resolvedAt: undefined });
      expect(history!.events.map((e) => [e.at, e.event])).toEqual([
        ['2020-01-01T00:00:00.000Z', 'opened'],
        ['2021-01-01T00:00:00.000Z', 'resolved'],
        ['2022-06-01T00:00:00.000Z', 'reopened'],
      ]);
      expect((await store.priorFindings(['aws'])).failing.get(fp(dashcam))?.firstSeen).toBe('2022-06-01T00:00:00.000Z');
      await store.close();
    });

    it('resolves a finding whose resource is gone only in a complete scan of its scope, for a rule it ran, in a region it covered', async () => {
      const { store } = await fresh();
      const gone = bucket('deleted-bucket', ACCOUNT_A, 'eu-west-1');
      await store.recordScan(scanAt('2024-01-01T00:00:00.000Z', { failing: [failing(gone)] }));
      // Incomplete (collection error, unknown findings, notScanned): what it did not see stays open.
      expect((await store.recordScan(scanAt('2024-01-02T00:00:00.000Z', { complete: false }))).resolved).toEqual([]);
      // Complete, but the rule did not run.
      expect((await store.recordScan(scanAt('2024-01-03T00:00:00.000Z', { rules: [WRITABLE] }))).resolved).toEqual([]);
      // Complete, but limited to another region.
      expect((await store.recordScan(scanAt('2024-01-04T00:00:00.000Z', { regions: ['us-east-1'] }))).resolved).toEqual([]);
      // Complete, the resource was evaluated but not passing (unknown): stays open.
      expect((await store.recordScan(scanAt('2024-01-05T00:00:00.000Z', { seen: [gone] }))).resolved).toEqual([]);
      const done = await store.recordScan(scanAt('2024-01-06T00:00:00.000Z', { regions: ['eu-west-1'] }));
      expect(done.resolved.map((r) => [r.resource.name, r.reason])).toEqual([['deleted-bucket', 'resource-gone']]);
      const [history] = await store.history('arn:aws:s3:::deleted-bucket');
      expect(history!.events.at(-1)).toMatchObject({ event: 'resolved', detail: expect.stringMatching(/no longer exists/) });
      await store.close();
    });

    it('a scan of one account neither resolves nor touches another account\'s findings', async () => {
      const { store } = await fresh();
      const a = bucket('shared-name', ACCOUNT_A);
      const b = bucket('shared-name', ACCOUNT_B);
      await store.recordScan(scanAt('2025-01-01T00:00:00.000Z', { failing: [failing(a)], accounts: [ACCOUNT_A] }));
      await store.recordScan(scanAt('2025-01-01T00:05:00.000Z', { failing: [failing(b)], accounts: [ACCOUNT_B] }));
      const onlyA = await store.recordScan(scanAt('2025-01-02T00:00:00.000Z', { accounts: [ACCOUNT_A] }));
      expect(onlyA.previousScanAt).toBe('2025-01-01T00:00:00.000Z');
      expect(onlyA.resolved.map((r) => r.resource.account)).toEqual([ACCOUNT_A]);
      const histories = await store.history('shared-name');
      expect(histories.map((h) => [h.resource.account, h.status]).sort()).toEqual([
        [ACCOUNT_A, 'resolved'],
        [ACCOUNT_B, 'open'],
      ]);
      await store.close();
    });

    it('records a severity change in the timeline and keeps the finding open', async () => {
      const { store } = await fresh();
      const site = bucket('assets-site');
      await store.recordScan(scanAt('2025-02-01T00:00:00.000Z', { failing: [failing(site, WRITABLE, 'high')] }));
      await store.recordScan(scanAt('2025-02-02T00:00:00.000Z', { failing: [failing(site, WRITABLE, 'critical')] }));
      const [history] = await store.history('assets-site');
      expect(history).toMatchObject({ severity: 'critical', status: 'open' });
      expect(history!.events.map((e) => [e.event, e.severity, e.detail])).toEqual([
        ['opened', 'high', expect.any(String)],
        ['severity-changed', 'critical', 'severity high → critical'],
      ]);
      await store.close();
    });

    it('finds a timeline by fingerprint prefix (8+ characters), ARN or name, and nothing for anything else', async () => {
      const { store } = await fresh();
      const dashcam = bucket('dashcam-images');
      await store.recordScan(scanAt('2025-03-01T00:00:00.000Z', { failing: [failing(dashcam), failing(dashcam, WRITABLE, 'high')] }));
      expect((await store.history('dashcam-images')).map((h) => h.ruleId)).toEqual([READABLE, WRITABLE]);
      expect((await store.history('arn:aws:s3:::dashcam-images')).length).toBe(2);
      expect((await store.history(fp(dashcam).slice(0, 8).toUpperCase())).map((h) => h.ruleId)).toEqual([READABLE]);
      expect(await store.history(fp(dashcam).slice(0, 7))).toEqual([]);
      expect(await store.history('dashcam')).toEqual([]);
      await store.close();
    });

    it('writes a large scan in batches without losing or doubling a row', async () => {
      const { store, backend } = await fresh();
      const many = Array.from({ length: 1234 }, (_, i) => bucket(`bulk-${i}`));
      expect((await store.recordScan(scanAt('2025-05-01T00:00:00.000Z', { failing: many.map((r) => failing(r)) }))).opened).toBe(1234);
      await store.recordScan(scanAt('2025-05-02T00:00:00.000Z', { failing: many.map((r) => failing(r)) }));
      const fixed = await store.recordScan(scanAt('2025-05-03T00:00:00.000Z', { passed: many.slice(0, 1000).map((r) => fp(r)), seen: many }));
      expect(fixed.resolved).toHaveLength(1000);
      const rows = await backend.all("SELECT status, count(*) AS n, min(last_seen) AS seen FROM findings GROUP BY status ORDER BY status");
      expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
        ['open', 234],
        ['resolved', 1000],
      ]);
      const stale = await backend.all("SELECT count(*) AS n FROM findings WHERE status = 'open' AND last_seen <> ?", ['2025-05-02T00:00:00.000Z']);
      expect(Number(stale[0]!.n)).toBe(0);
      const events = await backend.all('SELECT event, count(*) AS n FROM finding_events GROUP BY event ORDER BY event');
      expect(events.map((r) => [r.event, Number(r.n)])).toEqual([
        ['opened', 1234],
        ['resolved', 1000],
      ]);
      await store.close();
    });

    it('keeps the scan rows with their counts and completeness', async () => {
      const { store, backend } = await fresh();
      const one = bucket('one');
      await store.recordScan(scanAt('2025-04-01T00:00:00.000Z', { failing: [failing(one)] }));
      await store.recordScan(scanAt('2025-04-02T00:00:00.000Z', { passed: [fp(one)], seen: [one], complete: false }));
      const rows = await backend.all('SELECT scope_key, complete, failing, opened, resolved FROM scans ORDER BY started_at');
      expect(rows.map((r) => [r.scope_key, Number(r.complete), Number(r.failing), Number(r.opened), Number(r.resolved)])).toEqual([
        [`aws:${ACCOUNT_A}`, 1, 1, 1, 0],
        [`aws:${ACCOUNT_A}`, 0, 0, 0, 1],
      ]);
      await store.close();
    });
  });
}
