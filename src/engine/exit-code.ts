import { EXIT } from '../cli/errors.ts';
import type { Report } from '../report/model.ts';
import { severityRank, type Severity } from './finding.ts';

/**
 * DESIGN.md §5: 1 when a failing finding is at or above the threshold; otherwise 3 when anything
 * could not be decided or read (unknown, error, collection errors, a provider not scanned); else 0.
 */
export function exitCodeFor(report: Pick<Report, 'summary' | 'collectionErrors' | 'scope'>, failOn: Severity): number {
  const threshold = severityRank(failOn);
  const failing = Object.entries(report.summary.failingBySeverity).some(
    ([severity, count]) => count > 0 && severityRank(severity as Severity) >= threshold,
  );
  if (failing) return EXIT.failing;
  const incomplete =
    report.summary.byStatus.unknown > 0 ||
    report.summary.byStatus.error > 0 ||
    report.collectionErrors.length > 0 ||
    report.scope.some((entry) => entry.notScanned !== undefined);
  return incomplete ? EXIT.incomplete : EXIT.clean;
}
