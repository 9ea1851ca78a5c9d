import { describe, expect, it } from 'vitest';
import { formatCoverage, renderTable } from '../../../src/report/table.ts';
import { stripAnsi, truncate, visibleWidth } from '../../../src/report/terminal-text.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';
import { makeMonitoredReport } from '../../support/monitored-report.ts';

const ESC = '\x1b';

/** The finding rows: lines after the header, up to the first blank or summary-ish line. */
const rowsOf = (output: string): string[] => {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('RESOURCE'));
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '' || line.startsWith('(')) break;
    rows.push(line);
  }
  return rows;
};

describe('renderTable', () => {
  it('lists non-pass findings: fail before unknown before error, then by severity, then resource name', () => {
    const rows = rowsOf(renderTable(makeReport(), { color: false }));
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([
      'dashcam-images', // fail critical
      'customer-uploads', // fail high
      'backups/2024', // fail medium (name contains a space)
      'assets-site', // fail low
      'billing-exports', // unknown
      'analytics-raw', // error
    ]);
  });

  it('breaks severity ties by resource name, then rule id', () => {
    const findings = [
      makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('zeta'), 'fail'),
      makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('alpha'), 'fail'),
    ];
    const rows = rowsOf(renderTable(makeReport({ findings }), { color: false }));
    expect(rows[0]).toMatch(/^alpha /);
    expect(rows[1]).toMatch(/^zeta /);
  });

  it('counts passing checks without listing them, and lists them last with showPass', () => {
    const report = makeReport();
    const hidden = renderTable(report, { color: false });
    expect(hidden).not.toMatch(/app-logs/);
    expect(hidden).toContain('(2 passing checks not listed)');

    const shown = renderTable(report, { color: false, showPass: true });
    const rows = rowsOf(shown);
    expect(rows).toHaveLength(8);
    expect(rows.slice(-2).every((row) => row.startsWith('app-logs') && / pass /.test(row))).toBe(true);
    expect(shown).not.toContain('not listed');
  });

  it('shows resource with account/region, rule id, severity, status and reason in each row', () => {
    const rows = rowsOf(renderTable(makeReport(), { color: false }));
    expect(rows[0]).toMatch(
      /^dashcam-images \(123456789012\/ap-northeast-1\)\s+aws-s3-bucket-not-publicly-readable\s+critical\s+fail\s+Bucket dashcam-images is readable by anyone/,
    );
  });

  it('prints the summary: counts by status, failing by severity, coverage, collection errors, providers not scanned', () => {
    const out = renderTable(makeReport(), { color: false });
    expect(out).toContain('Results: 4 fail, 1 unknown, 1 error, 2 pass\n');
    expect(out).toContain('Failing by severity: 1 critical, 1 high, 1 medium, 1 low, 0 info\n');
    expect(out).toContain('Coverage: 97.5% of facets read (39/40) across 10 resources\n');
    expect(out).toContain('Collection errors (1):\n  aws 123456789012 eu-south-1 ListObjectsV2: AccessDenied: Access Denied\n');
    expect(out).toContain('Not scanned:\n  azure: no credentials found by DefaultAzureCredential\n');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('uses no ANSI sequences when colour is off', () => {
    expect(renderTable(makeReport(), { color: false })).not.toContain(ESC);
  });

  it('colours severity and status when colour is on, without changing the visible text', () => {
    const coloured = renderTable(makeReport(), { color: true });
    expect(coloured).toContain(`${ESC}[1;31mcritical${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[31mfail${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[33munknown${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[35merror${ESC}[0m`);
    expect(stripAnsi(coloured)).toBe(renderTable(makeReport(), { color: false }));
  });

  it('keeps columns aligned by visible width when colour is on', () => {
    const rows = rowsOf(stripAnsi(renderTable(makeReport(), { color: true })));
    const statusColumns = rows.map((row) => row.search(/ {2}(fail|unknown|error) {2}/));
    expect(statusColumns.every((column) => column > 0)).toBe(true);
    expect(new Set(statusColumns).size).toBe(1);
  });

  it('truncates the reason with an ellipsis so no row is wider than the terminal', () => {
    const width = 100;
    const out = renderTable(makeReport(), { color: true, width });
    const rows = rowsOf(stripAnsi(out));
    for (const row of rows) expect(visibleWidth(row)).toBeLessThanOrEqual(width);
    expect(rows[0]?.endsWith('…')).toBe(true);
    // Without a width nothing is cut.
    expect(renderTable(makeReport(), { color: false })).not.toContain('…');
  });

  it('gives way on the resource column when the terminal is too narrow for the reason', () => {
    const long = bucketRef('a-very-long-bucket-name-that-goes-on-and-on-for-a-while-yes');
    const findings = [makeFinding('aws-s3-bucket-not-publicly-readable', long, 'fail', { message: 'x'.repeat(80) })];
    const rows = rowsOf(renderTable(makeReport({ findings }), { color: false, width: 90 }));
    expect(visibleWidth(rows[0] ?? '')).toBeLessThanOrEqual(90);
    // The resource column shrinks to its 20-column floor; the rule id is never cut.
    expect(rows[0]).toMatch(/^a-very-long-bucket-… {2}aws-s3-bucket-not-publicly-readable {2}critical {2}fail {4}x+…$/);
  });

  it('has no trailing whitespace on any line', () => {
    const out = renderTable(makeReport(), { color: false, showPass: true });
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('neutralises control characters and newlines coming from cloud data', () => {
    const findings = [
      makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('evil'), 'fail', {
        message: `line one\nline two\x1b[2J\rcarriage`,
      }),
    ];
    const out = renderTable(makeReport({ findings }), { color: false });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\r');
    expect(rowsOf(out)[0]).toMatch(/line one line two \[2J carriage$/);
  });

  it('says so when nothing needs attention', () => {
    const onlyPasses = makeReport({
      findings: [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('fine'), 'pass')],
    });
    expect(renderTable(onlyPasses, { color: false })).toMatch(/^No failing, unknown or errored findings\.\n\(1 passing check not listed\)\n/);
    expect(renderTable(makeReport({ findings: [] }), { color: false })).toMatch(/^No findings\.\n/);
  });

  it('does not reorder the report it is given', () => {
    const report = makeReport();
    const before = report.findings.map((f) => f.fingerprint + f.status);
    renderTable(report, { color: false });
    expect(report.findings.map((f) => f.fingerprint + f.status)).toEqual(before);
  });
});

describe('renderTable with history (state store or baseline)', () => {
  it('adds an OPEN FOR column: "new", the exposure age, or blank for what is not failing', () => {
    const out = renderTable(makeMonitoredReport(), { color: false });
    expect(out.split('\n')[0]).toMatch(/^RESOURCE +RULE +SEVERITY +STATUS +OPEN FOR +REASON$/);
    const rows = rowsOf(out);
    const row = (name: string) => rows.find((r) => r.startsWith(name))!;
    expect(row('dashcam-images')).toMatch(/ critical {2}fail {8}3 years 1 month {2}Bucket dashcam-images/);
    expect(row('customer-uploads')).toMatch(/ high {6}fail {8}new {14}Bucket customer-uploads/);
    expect(row('assets-site')).toMatch(/ fail {8}9 days 2 hours {3}Bucket assets-site/);
    expect(row('billing-exports')).toMatch(/ unknown {22}Could not read/);
    // Without history there is no such column.
    expect(renderTable(makeReport(), { color: false })).not.toContain('OPEN FOR');
  });

  it('shows a suppressed failure as "suppressed", and says how many are suppressed', () => {
    const out = renderTable(makeMonitoredReport(), { color: false });
    expect(rowsOf(out).find((r) => r.startsWith('backups/2024 q1?'))).toMatch(/ medium {4}suppressed {2}9 months/);
    expect(out).toContain('Suppressed: 1 failing finding (not failing the gate)\n');
  });

  it('lists findings resolved since the previous scan, what was compared, and suppression entries to fix', () => {
    const out = renderTable(makeMonitoredReport(), { color: false });
    expect(out).toContain('\nResolved since the previous scan (1):\n  old-uploads (123456789012/eu-west-1)  aws-s3-bucket-not-publicly-writable  high  was open for 1 year 10 months\n');
    expect(out).toContain('Compared with state:sqlite:/var/lib/ajar/state.db (previous scan 2025-02-28T10:00:00.000Z): 2 new, 2 existing, 1 resolved\n');
    expect(out).toContain('Expired suppressions (1), no longer suppressing:\n  aws-s3-bucket-website-disabled arn:aws:s3:::promo-site expired 2025-01-31 (.ajarignore.yaml: $.suppressions[1])\n');
    expect(out).toContain('Stale suppressions (1), matching nothing:\n  aws-s3-bucket-not-publicly-readable arn:aws:s3:::deleted-bucket (.ajarignore.yaml: $.suppressions[2])\n');
    const first = makeMonitoredReport({ comparison: { against: 'state:sqlite:x.db', resolved: [] } });
    expect(renderTable(first, { color: false })).toContain('Compared with state:sqlite:x.db (no previous scan): 2 new, 2 existing, 0 resolved\n');
  });

  it('still fits the terminal width with the extra column, cutting the reason', () => {
    const out = renderTable(makeMonitoredReport(), { color: true, width: 120 });
    for (const row of rowsOf(stripAnsi(out))) expect(visibleWidth(row)).toBeLessThanOrEqual(120);
    expect(stripAnsi(out)).toMatch(/3 years 1 month {2}Bucket dash/);
  });
});

describe('formatCoverage', () => {
  it('never rounds an incomplete scan up to 100%', () => {
    expect(formatCoverage({ resources: 1, facetsRequested: 10000, facetsRead: 9999, ratio: 0.9999 })).toBe(
      'Coverage: 99.9% of facets read (9999/10000) across 1 resource',
    );
  });

  it('prints whole percentages without a decimal', () => {
    expect(formatCoverage({ resources: 3, facetsRequested: 12, facetsRead: 12, ratio: 1 })).toBe(
      'Coverage: 100% of facets read (12/12) across 3 resources',
    );
    expect(formatCoverage({ resources: 2, facetsRequested: 4, facetsRead: 2, ratio: 0.5 })).toBe(
      'Coverage: 50% of facets read (2/4) across 2 resources',
    );
  });
});

describe('terminal text', () => {
  it('measures wide characters as two columns and colour codes as none', () => {
    expect(visibleWidth('abc')).toBe(3);
    expect(visibleWidth('日本')).toBe(4);
    expect(visibleWidth('🔥x')).toBe(3);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth(`${ESC}[31mred${ESC}[0m`)).toBe(3);
  });

  it('truncates by visible width without splitting a grapheme', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(visibleWidth(truncate('日本語テキスト', 5))).toBeLessThanOrEqual(5);
  });
});
