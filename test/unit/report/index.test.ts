import { describe, expect, it } from 'vitest';
import { isReportFormat, parseReportFormat, renderReport, reporters, REPORT_FORMATS } from '../../../src/report/index.ts';
import { makeReport } from '../../support/report-factory.ts';
import { OutputWriter } from '../../../src/cli/outputs.ts';
import { FORMATS_LISTING_PASSES } from '../../../src/report/index.ts';

describe('reporters', () => {
  it('has a reporter for every format in REPORT_FORMATS and no other', () => {
    expect(Object.keys(reporters).sort()).toEqual([...REPORT_FORMATS].sort());
  });

  it('renders every format to non-empty, newline-terminated text', () => {
    const report = makeReport();
    for (const format of REPORT_FORMATS) {
      const text = renderReport(format, report, { color: false });
      expect(text.length, format).toBeGreaterThan(0);
      expect(text.endsWith('\n'), format).toBe(true);
    }
  });

  it('passes terminal options to the table only', () => {
    const report = makeReport();
    expect(reporters.table(report, { color: true })).toContain('\x1b[');
    expect(reporters.json(report, { color: true })).not.toContain('\x1b[');
    expect(reporters.sarif(report, { color: true, width: 20 })).toBe(reporters.sarif(report, { color: false }));
  });

  it('checks format names and lists the choices when one is unknown', () => {
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    expect(parseReportFormat('ndjson')).toBe('ndjson');
    expect(() => parseReportFormat('xml')).toThrow('unknown report format "xml": expected one of table|json|ndjson|sarif|junit|csv|markdown|ocsf|html');
  });

  it('makes a scan keep passing findings only for formats that list them', () => {
    expect([...FORMATS_LISTING_PASSES].sort()).toEqual(['csv', 'json', 'junit']);
    expect(new OutputWriter([{ format: 'junit' }]).keep).toBe('all');
    expect(new OutputWriter([{ format: 'csv' }, { format: 'html', output: '/tmp/x.html' }]).keep).toBe('all');
    expect(new OutputWriter([{ format: 'html' }, { format: 'markdown', output: '/tmp/x.md' }]).keep).toBe('non-pass');
    expect(new OutputWriter([{ format: 'ocsf' }, { format: 'sarif', output: '/tmp/x.sarif' }]).keep).toBe('non-pass');
  });
});
