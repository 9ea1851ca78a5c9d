import { describe, expect, it } from 'vitest';
import { ndjsonLine, renderNdjson } from '../../../src/report/ndjson.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

describe('ndjson', () => {
  it('writes one valid JSON object per line, one line per finding, pass included', () => {
    const report = makeReport();
    const text = renderNdjson(report);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(report.findings.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(report.findings);
  });

  it('keeps a finding on one line even when its message contains newlines', () => {
    const finding = makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('multi'), 'fail', {
      message: 'first line\nsecond line\r\nthird\u2028fourth',
    });
    const line = ndjsonLine(finding);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
    expect(JSON.parse(line)).toEqual(finding);
  });

  it('streams the same lines the whole-report renderer writes', () => {
    const report = makeReport();
    expect(report.findings.map(ndjsonLine).join('')).toBe(renderNdjson(report));
  });

  it('writes nothing for a report without findings', () => {
    expect(renderNdjson(makeReport({ findings: [] }))).toBe('');
  });
});
