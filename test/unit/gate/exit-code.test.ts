import { describe, expect, it } from 'vitest';
import { countsForGate, exitCodeFor, GateTally } from '../../../src/engine/exit-code.ts';
import type { Finding } from '../../../src/engine/finding.ts';
import { bucketRef, makeFinding, makeReport, summarise } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable'; // critical
const LIST = 'aws-s3-bucket-not-publicly-listable'; // medium
const suppression = { reason: 'accepted', owner: 'me', expires: '2099-01-01', source: 's.yaml: $.suppressions[0]' };

const reportOf = (findings: Finding[]) => makeReport({ findings, summary: summarise(findings), collectionErrors: [], scope: [{ provider: 'aws', account: '123456789012' }] });

function gate(findings: Finding[], failOnNew: boolean) {
  const tally = new GateTally({ failOnNew });
  for (const finding of findings) tally.add(finding);
  return { code: exitCodeFor(reportOf(findings), 'high', tally.failingBySeverity), tally };
}

describe('gate exit code', () => {
  const existing = makeFinding(READ, bucketRef('old'), 'fail', { lifecycle: { state: 'existing', firstSeen: '2024-01-01T00:00:00Z' } });
  const fresh = makeFinding(READ, bucketRef('new'), 'fail', { lifecycle: { state: 'new' } });

  it('without the gate options every failing finding at or above --fail-on counts', () => {
    expect(exitCodeFor(reportOf([existing]), 'high')).toBe(1);
    expect(gate([existing], false).code).toBe(1);
  });

  it('--fail-on-new: an existing failing finding does not fail the gate, a new one does', () => {
    expect(gate([existing], true).code).toBe(0);
    expect(gate([existing, fresh], true).code).toBe(1);
  });

  it('a new finding below the threshold does not fail; an unknown still makes the scan incomplete', () => {
    const mediumNew = makeFinding(LIST, bucketRef('new'), 'fail', { lifecycle: { state: 'new' } });
    expect(gate([existing, mediumNew], true).code).toBe(0);
    expect(gate([existing, makeFinding(READ, bucketRef('x'), 'unknown')], true).code).toBe(3);
  });

  it('suppressed findings never count, with or without --fail-on-new, and are tallied', () => {
    const suppressedNew = { ...fresh, suppression };
    expect(gate([{ ...existing, suppression }], false).code).toBe(0);
    const result = gate([suppressedNew], true);
    expect(result.code).toBe(0);
    expect(result.tally.suppressed).toBe(1);
    expect(countsForGate(suppressedNew, { failOnNew: false })).toBe(false);
  });

  it('a failing finding that was never compared is not new', () => {
    expect(countsForGate(makeFinding(READ, bucketRef('x'), 'fail'), { failOnNew: true })).toBe(false);
  });
});
