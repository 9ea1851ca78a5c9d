import { EXIT } from '../cli/errors.ts';
import type { Report } from '../report/model.ts';
import { SEVERITIES, severityRank, type Finding, type Severity } from './finding.ts';

export interface GateOptions {
  /** `--fail-on-new`: only failing findings the baseline / state store did not know count. */
  failOnNew: boolean;
}

/**
 * Whether a finding counts toward exit code 1. Suppressed findings never count; with
 * `--fail-on-new` only findings marked new do (a finding with no lifecycle was not compared, so
 * it is not known to be new and does not count either).
 */
export function countsForGate(finding: Finding, options: GateOptions): boolean {
  if (finding.status !== 'fail' || finding.suppression !== undefined) return false;
  return !options.failOnNew || finding.lifecycle?.state === 'new';
}

/**
 * Failing findings that count for the gate, by severity. It sees every finding as it streams by,
 * so it works when the report keeps none of them (ndjson-only runs).
 */
export class GateTally {
  readonly failingBySeverity: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  suppressed = 0;
  private readonly options: GateOptions;

  constructor(options: GateOptions) {
    this.options = options;
  }

  add(finding: Finding): void {
    if (finding.status === 'fail' && finding.suppression !== undefined) this.suppressed += 1;
    if (countsForGate(finding, this.options)) this.failingBySeverity[finding.severity] += 1;
  }
}

/**
 * DESIGN.md §5: 1 when a failing finding is at or above the threshold; otherwise 3 when anything
 * could not be decided or read (unknown, error, collection errors, a provider not scanned); else 0.
 * `gated` replaces the report's failing counts when suppressions or `--fail-on-new` apply.
 */
export function exitCodeFor(
  report: Pick<Report, 'summary' | 'collectionErrors' | 'scope'>,
  failOn: Severity,
  gated: Record<Severity, number> = report.summary.failingBySeverity,
): number {
  const threshold = severityRank(failOn);
  const failing = Object.entries(gated).some(([severity, count]) => count > 0 && severityRank(severity as Severity) >= threshold);
  if (failing) return EXIT.failing;
  const incomplete =
    report.summary.byStatus.unknown > 0 ||
    report.summary.byStatus.error > 0 ||
    report.collectionErrors.length > 0 ||
    report.scope.some((entry) => entry.notScanned !== undefined);
  return incomplete ? EXIT.incomplete : EXIT.clean;
}
