/**
 * `ajar diff`: what changed between two saved reports, finding by fingerprint (rule, provider,
 * account, resource), so the comparison holds whatever order or scope the scans ran in.
 */
import type { Report } from '../report/model.ts';
import { severityRank, type Finding, type Severity } from './finding.ts';

export interface DiffFinding {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  resource: Finding['resource'];
  message: string;
  suppression?: Finding['suppression'];
}

export interface ReportDiff {
  old: { file: string; startedAt: string };
  new: { file: string; startedAt: string };
  /** Failing in the new report, not failing in the old one. */
  added: DiffFinding[];
  /** Failing in the old report, passing in the new one. */
  resolved: DiffFinding[];
  /** Failing in both, with a different severity (the rule's severity changed). */
  changedSeverity: (DiffFinding & { from: Severity })[];
  /**
   * Failing in the old report and neither failing nor passing in the new one: it could not be
   * decided (unknown, error) or was not scanned. Not resolved: nothing shows it was fixed.
   */
  notRechecked: (DiffFinding & { now: 'unknown' | 'error' | 'absent' })[];
  /** Failing in both with the same severity. */
  unchanged: number;
}

const entry = (finding: Finding): DiffFinding => ({
  fingerprint: finding.fingerprint,
  ruleId: finding.ruleId,
  title: finding.title,
  severity: finding.severity,
  resource: finding.resource,
  message: finding.message,
  ...(finding.suppression !== undefined ? { suppression: finding.suppression } : {}),
});

/** Most severe first, then by resource and rule: the order diffs and notifications list findings in. */
export const bySeverityOrder = (a: Pick<Finding, 'severity' | 'resource' | 'ruleId'>, b: Pick<Finding, 'severity' | 'resource' | 'ruleId'>): number =>
  severityRank(b.severity) - severityRank(a.severity) || a.resource.id.localeCompare(b.resource.id) || a.ruleId.localeCompare(b.ruleId);

export function diffReports(before: Report, after: Report, files: { old: string; new: string }): ReportDiff {
  const byFingerprint = (report: Report) => new Map(report.findings.map((f) => [f.fingerprint, f]));
  const oldFindings = byFingerprint(before);
  const newFindings = byFingerprint(after);
  const diff: ReportDiff = {
    old: { file: files.old, startedAt: before.timing.startedAt },
    new: { file: files.new, startedAt: after.timing.startedAt },
    added: [],
    resolved: [],
    changedSeverity: [],
    notRechecked: [],
    unchanged: 0,
  };
  for (const [fingerprint, now] of newFindings) {
    if (now.status !== 'fail') continue;
    const was = oldFindings.get(fingerprint);
    if (was?.status !== 'fail') diff.added.push(entry(now));
    else if (was.severity !== now.severity) diff.changedSeverity.push({ ...entry(now), from: was.severity });
    else diff.unchanged += 1;
  }
  for (const [fingerprint, was] of oldFindings) {
    if (was.status !== 'fail') continue;
    const now = newFindings.get(fingerprint);
    if (now?.status === 'pass') diff.resolved.push(entry(was));
    else if (now === undefined) diff.notRechecked.push({ ...entry(was), now: 'absent' });
    else if (now.status === 'unknown' || now.status === 'error') diff.notRechecked.push({ ...entry(was), now: now.status });
  }
  diff.added.sort(bySeverityOrder);
  diff.resolved.sort(bySeverityOrder);
  diff.changedSeverity.sort(bySeverityOrder);
  diff.notRechecked.sort(bySeverityOrder);
  return diff;
}

/** New failing findings that fail the diff gate: at or above the threshold and not suppressed. */
export const gatingAdditions = (diff: ReportDiff, failOn: Severity): DiffFinding[] =>
  diff.added.filter((f) => f.suppression === undefined && severityRank(f.severity) >= severityRank(failOn));
