/**
 * The scan hook decides which scopes a scan read completely: only those may resolve findings
 * whose resource the scan did not see. A collection error, a provider not scanned, or an unknown
 * / error finding in the account keeps every unseen finding open.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/finding.ts';
import type { Report } from '../../../src/report/model.ts';
import { ScanState } from '../../../src/state/scan-hook.ts';
import { ACCOUNT, bucketRef, makeFinding, makeReport, summarise } from '../../support/report-factory.ts';

const RULE = 'aws-s3-bucket-not-publicly-readable';
const RULE_IDS = [RULE, 'aws-s3-bucket-not-publicly-writable'];
const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'ajar-scan-hook-'));
let n = 0;

/** One scan through the hook: every finding observed, then recorded with this report shape. */
async function scan(url: string, findings: Finding[], shape: Partial<Report> = {}, gate?: Parameters<ScanState['observe']>[1]) {
  const state = await ScanState.open(url, '--state', ['aws']);
  for (const finding of findings) state.observe(finding, gate);
  const report = makeReport({ scope: [{ provider: 'aws', account: ACCOUNT }], collectionErrors: [], findings, summary: summarise(findings), ...shape });
  try {
    return { comparison: await state.record(report, RULE_IDS, log), findings, seenAt: state.seenAt };
  } finally {
    await state.close();
  }
}

/** A store where bucket "gone" failed at the first scan. */
async function storeWithOpenFinding(): Promise<string> {
  const url = join(dir, `hook-${++n}.db`);
  await scan(url, [makeFinding(RULE, bucketRef('gone'), 'fail')]);
  return url;
}

const other = (status: Finding['status']) => makeFinding(RULE, bucketRef('other'), status);

describe('ScanState', () => {
  it('a complete scan that no longer finds the resource resolves its finding', async () => {
    const url = await storeWithOpenFinding();
    const { comparison } = await scan(url, [other('pass')]);
    expect(comparison.resolved.map((r) => [r.resource.name, (r as { reason?: string }).reason])).toEqual([['gone', 'resource-gone']]);
  });

  it.each<[string, Partial<Report>, Finding[]]>([
    ['a collection error in the account', { collectionErrors: [{ provider: 'aws', account: ACCOUNT, operation: 'ListBuckets', code: 'Throttling', message: 'slow down' }] }, [other('pass')]],
    ['a collection error without an account', { collectionErrors: [{ provider: 'aws', operation: 'GetCallerIdentity', code: 'ExpiredToken', message: 'expired' }] }, [other('pass')]],
    ['the provider not scanned', { scope: [{ provider: 'aws', account: ACCOUNT, notScanned: 'ListBuckets failed with AccessDenied' }] }, []],
    ['an unknown finding in the account', {}, [other('unknown')]],
    ['an error finding in the account', {}, [other('error')]],
  ])('%s keeps the unseen finding open', async (_, shape, findings) => {
    const url = await storeWithOpenFinding();
    const { comparison } = await scan(url, findings, shape);
    expect(comparison.resolved).toEqual([]);
    const again = await ScanState.open(url, '--state', ['aws']);
    expect([...again.prior.failing.values()].map((f) => f.resource.name)).toEqual(['gone']);
    await again.close();
  });

  it('an unreadable resource stays open even in an otherwise complete scan; a passing one resolves', async () => {
    const url = await storeWithOpenFinding();
    expect((await scan(url, [makeFinding(RULE, bucketRef('gone'), 'unknown')])).comparison.resolved).toEqual([]);
    expect((await scan(url, [makeFinding(RULE, bucketRef('gone'), 'pass')])).comparison.resolved.map((r) => (r as { reason?: string }).reason)).toEqual(['passes']);
  });

  it('annotates as findings stream: new with this scan\'s time, existing with the store\'s first seen', async () => {
    const url = await storeWithOpenFinding();
    const first = (await ScanState.open(url, '--state', ['aws']));
    const firstSeen = first.prior.failing.get(makeFinding(RULE, bucketRef('gone'), 'fail').fingerprint)!.firstSeen;
    await first.close();
    const { findings, seenAt } = await scan(url, [makeFinding(RULE, bucketRef('gone'), 'fail'), makeFinding(RULE, bucketRef('fresh'), 'fail'), other('pass')]);
    expect(findings.map((f) => f.lifecycle)).toEqual([{ state: 'existing', firstSeen }, { state: 'new', firstSeen: seenAt }, undefined]);
  });

  it('with a baseline, the baseline decides new / existing and the store supplies first seen', async () => {
    const url = await storeWithOpenFinding();
    const gone = makeFinding(RULE, bucketRef('gone'), 'fail');
    // As the engine's baseline hook leaves it: the baseline does not know this finding.
    gone.lifecycle = { state: 'new' };
    const known = makeFinding(RULE, bucketRef('known'), 'fail');
    known.lifecycle = { state: 'existing', firstSeen: '2020-01-01T00:00:00.000Z' };
    const baseline = { against: 'baseline:b.json', failing: new Map() };
    const { findings, seenAt } = await scan(url, [gone, known], {}, baseline);
    expect(findings[0]!.lifecycle?.state).toBe('new');
    expect(findings[0]!.lifecycle?.firstSeen).not.toBe(seenAt);
    expect(findings[0]!.lifecycle?.firstSeen! < seenAt).toBe(true);
    expect(findings[1]!.lifecycle).toEqual({ state: 'existing', firstSeen: '2020-01-01T00:00:00.000Z' });
  });
});
