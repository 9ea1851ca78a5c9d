/**
 * A baseline is a JSON report saved from an earlier scan (`ajar scan -f json -o baseline.json`).
 * Its failing findings are what the team already knows about: `--fail-on-new` gates only on
 * failing findings the baseline does not hold, and baseline findings that now pass are resolved.
 */
import { readInputFile } from '../util/read-input.ts';
import { UsageError } from '../cli/errors.ts';
import { parseReportJson } from '../report/json.ts';
import type { Report } from '../report/model.ts';
import type { PriorFinding, PriorFindings } from './comparison.ts';

/**
 * The baseline's failing findings by fingerprint. First seen is what the baseline itself knew
 * (its own lifecycle, from a state store or an older baseline), else the time the baseline scan
 * started: the finding was failing then at the latest.
 */
export function baselineFromReport(report: Report, file: string): PriorFindings {
  const failing = new Map<string, PriorFinding>();
  for (const finding of report.findings) {
    if (finding.status !== 'fail') continue;
    failing.set(finding.fingerprint, {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      severity: finding.severity,
      resource: finding.resource,
      firstSeen: finding.lifecycle?.firstSeen ?? report.timing.startedAt,
    });
  }
  return { against: `baseline:${file}`, previousScanAt: report.timing.startedAt, failing };
}

/** Reads a baseline report; an unreadable or malformed file is one usage-error line (exit 2). */
export function loadBaseline(file: string): PriorFindings {
  return baselineFromReport(readReportFile(file, '--baseline'), file);
}

/** Reads and checks a saved JSON report, for `--baseline` and `ajar diff`. */
export function readReportFile(file: string, what: string): Report {
  const text = readInputFile(file, 'report', `${what} ${file}`);
  try {
    return parseReportJson(text, file);
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (${what} expects a report written by \`ajar scan --format json\`)`);
  }
}
