/**
 * Two scans of different accounts finishing at the same moment into one state store lose
 * nothing: two moto servers (each its own account), two CLI processes started together, one
 * SQLite file or one PostgreSQL database. Every failing finding of both accounts is in the store
 * afterwards, with its own scan row, and a later scan of one account leaves the other's alone.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { openStateStore } from '../../src/state/index.ts';
import { parseStateUrl } from '../../src/state/url.ts';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { startPostgres, type RunningPostgres } from '../../scripts/lib/postgres.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const ACCOUNTS = ['111122223333', '444455556666'] as const;
const BUCKETS_PER_ACCOUNT = 12;
const RULES = 'aws-s3-bucket-*-publicly-*';
const work = mkdtempSync(join(tmpdir(), 'ajar-history-race-'));

const motos: RunningMoto[] = [];
let postgres: RunningPostgres;

/** moto answers for the account in MOTO_ACCOUNT_ID, read from its environment at start. */
async function motoFor(account: string): Promise<RunningMoto> {
  const saved = process.env.MOTO_ACCOUNT_ID;
  process.env.MOTO_ACCOUNT_ID = account;
  try {
    return await startMoto();
  } finally {
    if (saved === undefined) delete process.env.MOTO_ACCOUNT_ID;
    else process.env.MOTO_ACCOUNT_ID = saved;
  }
}

beforeAll(async () => {
  for (const account of ACCOUNTS) {
    const moto = await motoFor(account);
    motos.push(moto);
    const seed = seeder(moto.endpoint);
    for (let i = 0; i < BUCKETS_PER_ACCOUNT; i++) {
      // Half public for reading and listing, half private.
      await seed.bucket(i % 2 === 0 ? { name: `${account}-open-${i}`, acl: 'public-read' } : { name: `${account}-closed-${i}` });
    }
    seed.close();
  }
  postgres = await startPostgres();
}, 180_000);

afterAll(async () => {
  await Promise.all([...motos.map((m) => m.stop()), postgres?.stop()]);
});

async function scanAccount(index: number, state: string, name: string): Promise<Report> {
  const out = join(work, `${name}.json`);
  const result = await runCli(['scan', 'aws', '--endpoint', motos[index]!.endpoint, '--rules', RULES, '--state', state, '-f', 'json', '-o', out], emulatorEnv());
  if (result.code !== 1 || !existsSync(out)) throw new Error(`scan ${name} exited ${result.code}: ${result.stderr}${result.stdout.slice(0, 500)}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

function describeRace(kind: string, stateUrl: () => Promise<string>) {
  describe(`two accounts scanned at once into one ${kind} store`, () => {
    let state: string;
    let reports: Report[];

    beforeAll(async () => {
      state = await stateUrl();
      reports = await Promise.all([scanAccount(0, state, `${kind}-a`), scanAccount(1, state, `${kind}-b`)]);
    }, 240_000);

    it('scanned the two accounts it was pointed at', () => {
      expect(reports.map((r) => r.scope.map((s) => s.account))).toEqual([[ACCOUNTS[0]], [ACCOUNTS[1]]]);
      for (const report of reports) expect(report.summary.byStatus.fail).toBeGreaterThanOrEqual(BUCKETS_PER_ACCOUNT / 2);
    });

    it('holds every failing finding of both accounts, each opened once', async () => {
      const store = await openStateStore(parseStateUrl(state));
      try {
        for (const [i, report] of reports.entries()) {
          const failing = report.findings.filter((f) => f.status === 'fail');
          expect(failing.every((f) => f.lifecycle?.state === 'new')).toBe(true);
          const prior = await store.priorFindings(['aws']);
          const stored = [...prior.failing.values()].filter((f) => f.resource.account === ACCOUNTS[i]);
          expect(stored.map((f) => f.fingerprint).sort()).toEqual(failing.map((f) => f.fingerprint).sort());
        }
        for (const account of ACCOUNTS) {
          const histories = await store.history(`${account}-open-0`);
          expect(histories.length).toBeGreaterThan(0);
          for (const history of histories) expect(history.events.map((e) => e.event)).toEqual(['opened']);
        }
      } finally {
        await store.close();
      }
    });

    it('a later scan of one account sees its own findings as existing and leaves the other account open', async () => {
      const again = await scanAccount(0, state, `${kind}-a-again`);
      expect(again.comparison?.previousScanAt).toBe(reports[0]!.timing.startedAt);
      expect(again.comparison?.resolved).toEqual([]);
      expect(again.findings.filter((f) => f.status === 'fail').every((f) => f.lifecycle?.state === 'existing')).toBe(true);
      const store = await openStateStore(parseStateUrl(state));
      try {
        const open = [...(await store.priorFindings(['aws'])).failing.values()];
        expect(open.filter((f) => f.resource.account === ACCOUNTS[1]).length).toBe(reports[1]!.summary.byStatus.fail);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}

describeRace('SQLite', async () => join(work, 'race.db'));
describeRace('PostgreSQL', () => postgres.database('race'));
