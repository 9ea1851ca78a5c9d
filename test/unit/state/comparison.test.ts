/** The comparison helpers the state store adds: first seen from history, resources that are gone. */
import { describe, expect, it } from 'vitest';
import { annotateFinding, resolvedFindings, resourceGone, type PriorFindings, type ScanCoverage } from '../../../src/engine/comparison.ts';
import { fingerprintOf, type Finding } from '../../../src/engine/finding.ts';
import { bucket } from '../../support/state-store-suite.ts';

const RULE = 'aws-s3-bucket-objects-not-publicly-readable';
const ref = bucket('dashcam-images');
const fingerprint = fingerprintOf(RULE, ref);
const finding = (status: Finding['status']): Finding => ({ ruleId: RULE, title: 't', severity: 'critical', status, resource: ref, message: 'm', trace: [], fingerprint });
const priorWith = (firstSeen?: string, against = 'state:x'): PriorFindings => ({
  against,
  failing: new Map(firstSeen === undefined ? [] : [[fingerprint, { fingerprint, ruleId: RULE, severity: 'critical', resource: ref, firstSeen }]]),
});

describe('annotateFinding', () => {
  it('stamps a new failing finding with the scan time and an existing one with its first seen', () => {
    expect(annotateFinding(finding('fail'), priorWith(), '2026-01-01T00:00:00.000Z').lifecycle).toEqual({ state: 'new', firstSeen: '2026-01-01T00:00:00.000Z' });
    expect(annotateFinding(finding('fail'), priorWith('2016-01-01T00:00:00.000Z'), '2026-01-01T00:00:00.000Z').lifecycle).toEqual({ state: 'existing', firstSeen: '2016-01-01T00:00:00.000Z' });
    expect(annotateFinding(finding('fail'), priorWith()).lifecycle).toEqual({ state: 'new' });
    expect(annotateFinding(finding('unknown'), priorWith('2016-01-01T00:00:00.000Z'), '2026-01-01T00:00:00.000Z').lifecycle).toBeUndefined();
  });

  it('with a baseline deciding and the store as history, takes first seen from the store', () => {
    const baselineWithout = priorWith(undefined, 'baseline:b.json');
    const store = priorWith('2016-01-01T00:00:00.000Z');
    expect(annotateFinding(finding('fail'), baselineWithout, '2026-01-01T00:00:00.000Z', store).lifecycle).toEqual({ state: 'new', firstSeen: '2016-01-01T00:00:00.000Z' });
    const baselineWith = priorWith('2025-01-01T00:00:00.000Z', 'baseline:b.json');
    expect(annotateFinding(finding('fail'), baselineWith, '2026-01-01T00:00:00.000Z', store).lifecycle).toEqual({ state: 'existing', firstSeen: '2016-01-01T00:00:00.000Z' });
  });
});

describe('resourceGone / resolvedFindings with coverage', () => {
  const before = priorWith('2020-01-01T00:00:00.000Z').failing.get(fingerprint)!;
  const complete: ScanCoverage = { completeScopes: new Set([`aws:${ref.account}`]), ruleIds: new Set([RULE]), resourcesSeen: new Set() };

  it('is gone only when its scope was complete, its rule ran, its region was covered and it was not seen', () => {
    expect(resourceGone(before, complete)).toBe(true);
    expect(resourceGone(before, { ...complete, completeScopes: new Set() })).toBe(false);
    expect(resourceGone(before, { ...complete, ruleIds: new Set(['another-rule']) })).toBe(false);
    expect(resourceGone(before, { ...complete, resourcesSeen: new Set([ref.id]) })).toBe(false);
    expect(resourceGone(before, { ...complete, regionsByScope: new Map([[`aws:${ref.account}`, ['us-east-1']]]) })).toBe(false);
    expect(resourceGone(before, { ...complete, regionsByScope: new Map([[`aws:${ref.account}`, [ref.region]]]) })).toBe(true);
  });

  it('without coverage (a baseline), only what passes now is resolved', () => {
    const prior = priorWith('2020-01-01T00:00:00.000Z');
    expect(resolvedFindings(prior, new Set(), '2026-01-01T00:00:00.000Z')).toEqual([]);
    expect(resolvedFindings(prior, new Set([fingerprint]), '2026-01-01T00:00:00.000Z')).toEqual([
      { fingerprint, ruleId: RULE, severity: 'critical', resource: ref, firstSeen: '2020-01-01T00:00:00.000Z', resolvedAt: '2026-01-01T00:00:00.000Z', reason: 'passes' },
    ]);
    expect(resolvedFindings(prior, new Set(), '2026-01-01T00:00:00.000Z', complete).map((r) => r.reason)).toEqual(['resource-gone']);
  });
});
