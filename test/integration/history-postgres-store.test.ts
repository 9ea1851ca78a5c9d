/**
 * The state store logic against a real PostgreSQL server (Debian's postgresql, started here on a
 * free loopback port), plus what only a client/server database can show in-process: two
 * connections recording scans of different accounts at the same moment lose nothing, and two
 * scans of the same account take turns instead of both opening the same finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/state/migrations.ts';
import { PostgresBackend } from '../../src/state/postgres.ts';
import { StateStore } from '../../src/state/store.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/lib/postgres.ts';
import { ACCOUNT_A, ACCOUNT_B, bucket, describeStateStore, failing, scanAt } from '../support/state-store-suite.ts';

let server: RunningPostgres;
let n = 0;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describeStateStore('PostgreSQL', async () => {
  const url = await server.database(`suite_${++n}`);
  return { backend: await PostgresBackend.connect(url), label: url, reopen: () => PostgresBackend.connect(url) };
});

describe('PostgreSQL privileges', () => {
  it('once migrated, a scanning role needs only SELECT, INSERT, UPDATE and sequence USAGE (no CREATE)', async () => {
    const url = await server.database('least_privilege');
    const owner = await PostgresBackend.connect(url);
    await migrate(owner);
    await owner.run('CREATE ROLE scanner LOGIN');
    await owner.run('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await owner.run('GRANT SELECT, INSERT, UPDATE ON schema_version, scans, findings, finding_events TO scanner');
    await owner.run('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO scanner');
    const scannerUrl = url.replace('//ajar@', '//scanner@');
    const scanner = await PostgresBackend.connect(scannerUrl);
    expect(await migrate(scanner)).toEqual([]);
    await expect(scanner.run('CREATE TABLE intruder (x INTEGER)')).rejects.toThrow(/permission denied/);
    const store = new StateStore(scanner, scannerUrl);
    expect((await store.recordScan(scanAt('2026-03-01T00:00:00.000Z', { failing: [failing(bucket('least'))] }))).opened).toBe(1);
    expect((await store.history('least')).length).toBe(1);
    await Promise.all([store.close(), owner.close()]);
  });
});

describe('PostgreSQL under concurrent scans', () => {
  it('two fresh connections migrating at once apply the schema exactly once', async () => {
    const url = await server.database('race_migrate');
    const [a, b] = await Promise.all([PostgresBackend.connect(url), PostgresBackend.connect(url)]);
    const applied = await Promise.all([migrate(a), migrate(b)]);
    expect(applied.flat()).toEqual([1]);
    await Promise.all([a.close(), b.close()]);
  });

  it('scans of different accounts written at the same moment keep every row', async () => {
    const url = await server.database('race_scopes');
    const connections = await Promise.all([PostgresBackend.connect(url), PostgresBackend.connect(url)]);
    await migrate(connections[0]);
    const [storeA, storeB] = connections.map((c) => new StateStore(c, url));
    const bucketsA = Array.from({ length: 60 }, (_, i) => bucket(`a-${i}`, ACCOUNT_A));
    const bucketsB = Array.from({ length: 60 }, (_, i) => bucket(`b-${i}`, ACCOUNT_B));
    const at = '2026-01-01T00:00:00.000Z';
    const outcomes = await Promise.all([
      storeA!.recordScan(scanAt(at, { failing: bucketsA.map((r) => failing(r)), accounts: [ACCOUNT_A] })),
      storeB!.recordScan(scanAt(at, { failing: bucketsB.map((r) => failing(r)), accounts: [ACCOUNT_B] })),
    ]);
    expect(outcomes.map((o) => o.opened)).toEqual([60, 60]);
    const rows = await connections[0].all('SELECT account, count(*) AS n FROM findings GROUP BY account ORDER BY account');
    expect(rows.map((r) => [r.account, Number(r.n)])).toEqual([
      [ACCOUNT_A, 60],
      [ACCOUNT_B, 60],
    ]);
    const events = await connections[0].all("SELECT count(*) AS n FROM finding_events WHERE event = 'opened'");
    expect(Number(events[0]!.n)).toBe(120);
    await Promise.all([storeA!.close(), storeB!.close()]);
  });

  it('two scans of the same account take turns: the finding is opened once and the later one sees it existing', async () => {
    const url = await server.database('race_same_scope');
    const connections = await Promise.all([PostgresBackend.connect(url), PostgresBackend.connect(url)]);
    await migrate(connections[0]);
    const [one, two] = connections.map((c) => new StateStore(c, url));
    const shared = bucket('shared');
    const outcomes = await Promise.all([
      one!.recordScan(scanAt('2026-02-01T00:00:00.000Z', { failing: [failing(shared)] })),
      two!.recordScan(scanAt('2026-02-01T00:00:01.000Z', { failing: [failing(shared)] })),
    ]);
    expect(outcomes.map((o) => o.opened).sort()).toEqual([0, 1]);
    const [history] = await one!.history('shared');
    expect(history!.events.map((e) => e.event)).toEqual(['opened']);
    await Promise.all([one!.close(), two!.close()]);
  });
});
