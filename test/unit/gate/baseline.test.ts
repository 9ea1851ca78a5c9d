import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/errors.ts';
import { baselineFromReport, loadBaseline } from '../../../src/engine/baseline.ts';
import { annotateFinding, resolvedFindings } from '../../../src/engine/comparison.ts';
import { renderJson } from '../../../src/report/json.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable';
const dir = mkdtempSync(join(tmpdir(), 'ajar-baseline-'));

describe('baseline', () => {
  const report = makeReport({
    findings: [
      makeFinding(READ, bucketRef('old-public'), 'fail'),
      makeFinding(READ, bucketRef('known-since'), 'fail', { lifecycle: { state: 'existing', firstSeen: '2023-01-05T00:00:00.000Z' } }),
      makeFinding(READ, bucketRef('private'), 'pass'),
      makeFinding(READ, bucketRef('unreadable'), 'unknown'),
    ],
  });

  it('holds only failing findings, first seen from their lifecycle or the baseline scan time', () => {
    const prior = baselineFromReport(report, 'base.json');
    expect(prior.against).toBe('baseline:base.json');
    expect(prior.previousScanAt).toBe(report.timing.startedAt);
    expect([...prior.failing.values()].map((p) => [p.resource.name, p.firstSeen])).toEqual([
      ['old-public', report.timing.startedAt],
      ['known-since', '2023-01-05T00:00:00.000Z'],
    ]);
  });

  it('marks findings new or existing and lists baseline failures that now pass as resolved', () => {
    const prior = baselineFromReport(report, 'base.json');
    const existing = annotateFinding(makeFinding(READ, bucketRef('old-public'), 'fail'), prior);
    const fresh = annotateFinding(makeFinding(READ, bucketRef('private'), 'fail'), prior);
    expect(existing.lifecycle).toEqual({ state: 'existing', firstSeen: report.timing.startedAt });
    expect(fresh.lifecycle).toEqual({ state: 'new' });
    const fixed = makeFinding(READ, bucketRef('known-since'), 'pass');
    const resolved = resolvedFindings(prior, new Set([fixed.fingerprint]), '2026-01-01T00:00:00.000Z');
    expect(resolved.map((r) => r.resource.name)).toEqual(['known-since']);
  });

  it('loads a saved report and rejects a broken one with file and JSON path', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, renderJson(report));
    expect(loadBaseline(good).failing.size).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, renderJson(report).replace('"severity": "critical"', '"severity": "severe"'));
    expect(() => loadBaseline(bad)).toThrow(UsageError);
    expect(() => loadBaseline(bad)).toThrow(/bad\.json: \$\.rules\[0\]\.severity: expected one of critical\|high\|medium\|low\|info, got "severe"/);
    expect(() => loadBaseline(join(dir, 'missing.json'))).toThrow(/^--baseline .*missing\.json: cannot read the report \(no such file\)$/);
  });
});
