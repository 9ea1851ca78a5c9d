/** The gate's report fields: SARIF suppressions / baselineState, and the JSON reader accepting them. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/finding.ts';
import { parseReportJson, renderJson } from '../../../src/report/json.ts';
import { renderSarif } from '../../../src/report/sarif.ts';
import { sarifSchemaErrors } from '../../support/sarif.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable';
const suppression = { reason: 'public website, by design', owner: 'web@example.com', expires: '2026-12-31', source: '/repo/.ajarignore.yaml:3:5: $.suppressions[0]' };

const gateReport = () => {
  const findings: Finding[] = [
    makeFinding(READ, bucketRef('public-site'), 'fail', { suppression, lifecycle: { state: 'existing', firstSeen: '2024-02-01T00:00:00.000Z' } }),
    makeFinding(READ, bucketRef('fresh-leak'), 'fail', { lifecycle: { state: 'new' } }),
    makeFinding(READ, bucketRef('locked'), 'pass'),
  ];
  return makeReport({
    findings,
    comparison: {
      against: 'baseline:base.json',
      previousScanAt: '2025-02-01T00:00:00.000Z',
      resolved: [{ fingerprint: 'f'.repeat(32), ruleId: READ, severity: 'critical', resource: bucketRef('was-open'), firstSeen: '2024-01-01T00:00:00.000Z', resolvedAt: '2025-03-01T10:00:04.250Z' }],
    },
    suppressions: {
      stale: [{ ruleId: READ, resource: 'arn:aws:s3:::gone', source: '.ajarignore.yaml:8:5: $.suppressions[1]' }],
      expired: [{ ruleId: '*', resource: 'glob:arn:aws:s3:::tmp-*', expires: '2025-01-01', source: '.ajarignore.yaml:13:5: $.suppressions[2]' }],
    },
  });
};

describe('SARIF for the gate', () => {
  const sarif = JSON.parse(renderSarif(gateReport()));
  const results = sarif.runs[0].results as { partialFingerprints: Record<string, string>; suppressions?: unknown[]; baselineState?: string; properties: { resource: { name: string } } }[];
  const byName = (name: string) => results.find((r) => r.properties.resource.name === name)!;

  it('stays valid against the SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('a suppressed finding is still a result, with an accepted external suppression and its justification', () => {
    expect(byName('public-site').suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'public website, by design (owner: web@example.com; expires 2026-12-31)',
        location: { physicalLocation: { artifactLocation: { uri: '/repo/.ajarignore.yaml' } } },
        properties: { owner: 'web@example.com', expires: '2026-12-31', source: suppression.source },
      },
    ]);
    expect(byName('fresh-leak').suppressions).toBeUndefined();
  });

  it('baselineState says new or unchanged', () => {
    expect(byName('fresh-leak').baselineState).toBe('new');
    expect(byName('public-site').baselineState).toBe('unchanged');
  });
});

describe('JSON report reader and the gate fields', () => {
  it('round-trips lifecycle, suppression, comparison and suppressions', () => {
    const report = gateReport();
    const parsed = parseReportJson(renderJson(report), 'report.json');
    expect(parsed.findings[0]!.suppression).toEqual(suppression);
    expect(parsed.findings[1]!.lifecycle).toEqual({ state: 'new' });
    expect(parsed.comparison).toEqual(report.comparison);
    expect(parsed.suppressions).toEqual(report.suppressions);
  });

  it('rejects a malformed gate field with its path', () => {
    const text = renderJson(gateReport()).replace('"state": "new"', '"state": "brand-new"');
    expect(() => parseReportJson(text, 'report.json')).toThrow('report.json: $.findings[1].lifecycle.state: expected one of new|existing, got "brand-new"');
    const noResolvedAt = renderJson(gateReport()).replace(/"resolvedAt": "[^"]+"/, '"resolvedAt": 5');
    expect(() => parseReportJson(noResolvedAt, 'report.json')).toThrow('report.json: $.comparison.resolved[0].resolvedAt: expected string, got 5');
  });
});
