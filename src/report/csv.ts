/**
 * CSV for spreadsheets and ticket imports: one row per finding (plus one per finding resolved since
 * the previous scan that has no row of its own), RFC 4180 quoting, CRLF line ends.
 *
 * Cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some spreadsheets skip before looking for one) get a leading apostrophe: resource
 * names and messages come from the cloud, and a bucket named `=HYPERLINK(...)` must not become a
 * live formula on an auditor's machine (OWASP "CSV injection").
 */
import type { Finding, ResolvedFinding } from '../engine/finding.ts';
import type { Report } from './model.ts';
import { compareFindings } from './table.ts';
import { withoutControls } from './terminal-text.ts';
import {
  lifecycleOf,
  openFor,
  remediationText,
  reportTime,
  resolvedByFingerprint,
  resolvedWithoutFinding,
  ruleLookup,
  traceText,
} from './present.ts';

export const CSV_COLUMNS = [
  'status',
  'severity',
  'rule_id',
  'title',
  'provider',
  'account',
  'region',
  'resource_type',
  'resource_id',
  'resource_name',
  'message',
  'reason_trace',
  'unreadable',
  'lifecycle',
  'first_seen',
  'open_for',
  'resolved_at',
  'suppressed_reason',
  'suppressed_owner',
  'suppressed_until',
  'remediation',
  'fingerprint',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised if a spreadsheet would evaluate it, quoted when RFC 4180 requires it. */
export const csvCell = (value: string): string => {
  const clean = withoutControls(value);
  // Checked before and after: a leading tab or CR, or a formula behind stripped controls.
  const safe = FORMULA_START.test(value) || FORMULA_START.test(clean.trimStart()) ? `'${clean}` : clean;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const findingRow = (
  finding: Finding,
  remediation: string,
  now: string,
  resolved: ReadonlyMap<string, ResolvedFinding>,
): Row => {
  const fixed = resolved.get(finding.fingerprint);
  const firstSeen = finding.lifecycle?.firstSeen ?? fixed?.firstSeen;
  return {
    status: finding.status,
    severity: finding.severity,
    rule_id: finding.ruleId,
    title: finding.title,
    ...resourceColumns(finding.resource),
    message: finding.message,
    reason_trace: finding.trace.map(traceText).join('\n'),
    unreadable: (finding.unreadable ?? []).map((gap) => `${gap.facet}: ${gap.operation} ${gap.code}: ${gap.message}`).join('\n'),
    lifecycle: lifecycleOf(finding, resolved),
    first_seen: firstSeen ?? '',
    open_for: finding.status === 'fail' ? (openFor(firstSeen, now) ?? '') : '',
    resolved_at: fixed?.resolvedAt ?? '',
    suppressed_reason: finding.suppression?.reason ?? '',
    suppressed_owner: finding.suppression?.owner ?? '',
    suppressed_until: finding.suppression?.expires ?? '',
    remediation,
    fingerprint: finding.fingerprint,
  };
};

const resourceColumns = (resource: Finding['resource']): Row => ({
  provider: resource.provider,
  account: resource.account,
  region: resource.region,
  resource_type: resource.type,
  resource_id: resource.id,
  resource_name: resource.name,
});

export function renderCsv(report: Report): string {
  const rule = ruleLookup(report);
  const now = reportTime(report);
  const resolved = resolvedByFingerprint(report);
  const rows: Row[] = [...report.findings].sort(compareFindings).map((finding) => findingRow(finding, remediationText(rule(finding)), now, resolved));
  for (const entry of resolvedWithoutFinding(report)) {
    const summary = rule(entry);
    rows.push({
      status: 'pass',
      severity: entry.severity,
      rule_id: entry.ruleId,
      title: summary.title,
      ...resourceColumns(entry.resource),
      message: 'Resolved since the previous scan.',
      lifecycle: 'resolved',
      first_seen: entry.firstSeen ?? '',
      resolved_at: entry.resolvedAt,
      remediation: remediationText(summary),
      fingerprint: entry.fingerprint,
    });
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column] ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
