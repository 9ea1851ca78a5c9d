import type { Finding, FindingStatus, Severity } from '../engine/finding.ts';
import { SEVERITIES, severityRank } from '../engine/finding.ts';
import type { CollectionError } from '../inventory/common.ts';
import type { Coverage, Report } from './model.ts';
import { collectionErrorScope, nothingScanned, isOpenFailure, isSuppressedFailure, openFor, resourceLabel } from './present.ts';
import { oneLine, padEnd, paint, truncate, visibleWidth, type Style } from './terminal-text.ts';

export interface TableOptions {
  /** ANSI colour for severities, statuses and the header; the CLI turns it on for a TTY only. */
  color: boolean;
  /** Terminal width in columns; when given, long cells are cut so each row fits on one line. */
  width?: number;
  /** List passing checks too; by default they are only counted in the summary. */
  showPass?: boolean;
}

/** Fail first (what to fix), then unknown (what could not be checked), then error, then pass. */
const STATUS_ORDER: readonly FindingStatus[] = ['fail', 'unknown', 'error', 'pass'];

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'boldRed',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
};

const STATUS_STYLE: Record<FindingStatus, Style> = {
  fail: 'red',
  unknown: 'yellow',
  error: 'magenta',
  pass: 'green',
};

const GAP = '  ';
/**
 * The reason is what a reader acts on, so until it has this much room the resource column gives
 * way (its start, the name, stays visible; the account/region suffix is what gets cut).
 */
const PREFERRED_REASON_WIDTH = 40;
/** Below this the reason would say nothing; rows then overflow rather than shrink further. */
const MIN_REASON_WIDTH = 12;
/** Below this the resource column stops giving way to the reason column. */
const MIN_RESOURCE_WIDTH = 20;

/** Sort key order for findings: status, then severity (critical first), resource name, rule id. */
export const compareFindings = (a: Finding, b: Finding): number =>
  STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
  severityRank(b.severity) - severityRank(a.severity) ||
  compareText(a.resource.name, b.resource.name) ||
  compareText(a.resource.account, b.resource.account) ||
  compareText(a.resource.region, b.resource.region) ||
  compareText(a.ruleId, b.ruleId);

/** Code-unit order, not locale order, so the same report always renders identically. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Cell {
  text: string;
  style?: Style;
}

const HEADER = ['RESOURCE', 'RULE', 'SEVERITY', 'STATUS', 'REASON'];
/** Shown before REASON when the report was compared with a state store or baseline. */
const OPEN_FOR = 'OPEN FOR';

/** "new", "3 years 2 months" (since first seen), or "existing" when the first-seen time is unknown. */
const openForCell = (finding: Finding, now: string): Cell => {
  if (finding.status !== 'fail' || finding.lifecycle === undefined) return { text: '' };
  if (finding.lifecycle.state === 'new') return { text: 'new', style: 'red' };
  return { text: openFor(finding.lifecycle.firstSeen, now) ?? 'existing' };
};

const rowOf = (finding: Finding, now: string | undefined): Cell[] => {
  const suppressed = isSuppressedFailure(finding);
  const cells: Cell[] = [
    { text: oneLine(resourceLabel(finding.resource)) },
    { text: oneLine(finding.ruleId) },
    { text: finding.severity, style: SEVERITY_STYLE[finding.severity] },
    suppressed ? { text: 'suppressed', style: 'dim' } : { text: finding.status, style: STATUS_STYLE[finding.status] },
  ];
  if (now !== undefined) cells.push(openForCell(finding, now));
  cells.push({ text: oneLine(finding.message) });
  return cells;
};

/**
 * Column widths: every column as wide as its widest cell; with a terminal width, the reason column
 * takes what is left, and the resource column gives way first when even that is not enough.
 */
const layout = (header: string[], rows: Cell[][], width: number | undefined): number[] => {
  const widths = header.map((title, col) =>
    Math.max(visibleWidth(title), ...rows.map((row) => visibleWidth(row[col]?.text ?? ''))),
  );
  if (width === undefined) return widths;
  // The first column (resource) gives way and the last (reason) takes the rest; the middle ones are never cut.
  const resource = widths[0] ?? 0;
  const reason = widths[widths.length - 1] ?? 0;
  const middle = widths.slice(1, -1);
  const fixed = middle.reduce((sum, w) => sum + w, 0);
  const gaps = GAP.length * (header.length - 1);
  let resourceWidth = resource;
  let reasonWidth = width - gaps - resource - fixed;
  if (reasonWidth < PREFERRED_REASON_WIDTH) {
    const shortfall = PREFERRED_REASON_WIDTH - reasonWidth;
    resourceWidth = Math.max(Math.min(resource, MIN_RESOURCE_WIDTH), resource - shortfall);
    reasonWidth = Math.max(MIN_REASON_WIDTH, width - gaps - resourceWidth - fixed);
  }
  return [resourceWidth, ...middle, Math.min(reason, reasonWidth)];
};

/** One line: cells cut to their column, padded by visible width, coloured after padding is known. */
const renderRow = (cells: Cell[], widths: number[], color: boolean, header = false): string => {
  const last = cells.length - 1;
  return cells
    .map((cell, col) => {
      const width = widths[col] ?? 0;
      const text = truncate(cell.text, width);
      const painted = paint(text, header ? 'bold' : cell.style, color);
      // No padding after the last column: trailing spaces only get in the way of copy and diff.
      return col === last ? painted : padEnd(painted, width);
    })
    .join(GAP)
    .trimEnd();
};

/**
 * Shows the share of what was asked for that was read, rounded down so that an incomplete scan
 * never reads "100%"; a failed listing counts as one unit not read. With nothing requested and
 * read it says so instead of a percentage: 0/0 is not "100% covered".
 */
export const formatCoverage = (coverage: Coverage): string => {
  const failed = coverage.listingsFailed ?? 0;
  const listings = failed > 0 ? `${failed} listing${failed === 1 ? '' : 's'} not read` : '';
  if (coverage.facetsRequested === 0) return `Coverage: 0/0 — nothing was scanned${listings ? ` (${listings})` : ''}`;
  const permille = Math.floor(coverage.ratio * 1000 + 1e-9);
  const percent = permille % 10 === 0 ? String(permille / 10) : (permille / 10).toFixed(1);
  const resources = `${coverage.resources} resource${coverage.resources === 1 ? '' : 's'}`;
  const facets = `(${coverage.facetsRead}/${coverage.facetsRequested}) across ${resources}`;
  return failed > 0 ? `Coverage: ${percent}%: facets read ${facets}, ${listings}` : `Coverage: ${percent}% of facets read ${facets}`;
};

const formatCollectionError = (error: CollectionError): string => {
  return oneLine(`${collectionErrorScope(error)} ${error.operation}: ${error.code}: ${error.message}`);
};

const countsLine = (
  label: string,
  entries: readonly (readonly [string, number, Style | undefined])[],
  color: boolean,
): string =>
  `${label}: ${entries.map(([name, count, style]) => paint(`${count} ${name}`, count > 0 ? style : undefined, color)).join(', ')}`;

const summaryLines = (report: Report, opts: TableOptions): string[] => {
  const { byStatus, failingBySeverity } = report.summary;
  const lines = [
    countsLine(
      'Results',
      STATUS_ORDER.map((status) => [status, byStatus[status], STATUS_STYLE[status]] as const),
      opts.color,
    ),
    countsLine(
      'Failing by severity',
      SEVERITIES.map((severity) => [severity, failingBySeverity[severity], SEVERITY_STYLE[severity]] as const),
      opts.color,
    ),
    formatCoverage(report.coverage),
  ];
  if (report.collectionErrors.length > 0) {
    lines.push(`Collection errors (${report.collectionErrors.length}):`);
    for (const error of report.collectionErrors) lines.push(`  ${formatCollectionError(error)}`);
  }
  lines.push(...historyLines(report));
  const notes = report.scope.flatMap((entry) => (entry.notes ?? []).map((note) => `${[entry.provider, entry.account].filter((part) => part !== undefined).join(' ')}: ${note}`));
  if (notes.length > 0) lines.push('Notes:', ...notes.map((note) => `  ${oneLine(note)}`));
  const notScanned = report.scope.filter((entry) => entry.notScanned !== undefined);
  if (notScanned.length > 0) {
    lines.push('Not scanned:');
    for (const entry of notScanned) {
      const where = [entry.provider, entry.account].filter((part) => part !== undefined).join(' ');
      lines.push(`  ${oneLine(`${where}: ${entry.notScanned ?? ''}`)}`);
    }
  }
  return lines;
};

/** Findings that failed at the previous scan (or in the baseline) and pass now. */
const resolvedLines = (report: Report, opts: TableOptions): string[] => {
  const resolved = report.comparison?.resolved ?? [];
  if (resolved.length === 0) return [];
  const lines = ['', paint(`Resolved since the previous scan (${resolved.length}):`, 'green', opts.color)];
  for (const entry of resolved) {
    const age = openFor(entry.firstSeen, entry.resolvedAt);
    const parts = [resourceLabel(entry.resource), entry.ruleId, entry.severity, ...(age !== undefined ? [`was open for ${age}`] : [])];
    lines.push(`  ${parts.map(oneLine).join(GAP)}`);
  }
  return lines;
};

/** What the scan was compared with, and the suppression entries that need someone's attention. */
const historyLines = (report: Report): string[] => {
  const lines: string[] = [];
  const comparison = report.comparison;
  if (comparison !== undefined) {
    const failing = report.findings.filter(isOpenFailure);
    const fresh = failing.filter((f) => f.lifecycle?.state === 'new').length;
    const existing = failing.filter((f) => f.lifecycle?.state === 'existing').length;
    const previous = comparison.previousScanAt !== undefined ? `previous scan ${comparison.previousScanAt}` : 'no previous scan';
    lines.push(oneLine(`Compared with ${comparison.against} (${previous}): ${fresh} new, ${existing} existing, ${comparison.resolved.length} resolved`));
  }
  const suppressed = report.findings.filter(isSuppressedFailure).length;
  if (suppressed > 0) lines.push(`Suppressed: ${suppressed} failing finding${suppressed === 1 ? '' : 's'} (not failing the gate)`);
  const expired = report.suppressions?.expired ?? [];
  if (expired.length > 0) {
    lines.push(`Expired suppressions (${expired.length}), no longer suppressing:`);
    for (const e of expired) lines.push(`  ${oneLine(`${e.ruleId} ${e.resource} expired ${e.expires} (${e.source})`)}`);
  }
  const stale = report.suppressions?.stale ?? [];
  if (stale.length > 0) {
    lines.push(`Stale suppressions (${stale.length}), matching nothing:`);
    for (const e of stale) lines.push(`  ${oneLine(`${e.ruleId} ${e.resource} (${e.source})`)}`);
  }
  return lines;
};

/**
 * The human report: one row per finding that needs attention, then the summary. Passing checks
 * are counted but not listed unless asked for, because a clean account would otherwise bury the
 * few rows that matter under hundreds of "pass" lines.
 */
export function renderTable(report: Report, opts: TableOptions): string {
  const listed = report.findings
    .filter((finding) => opts.showPass === true || finding.status !== 'pass')
    .sort(compareFindings);

  const out: string[] = [];
  const blind = nothingScanned(report);
  if (blind) {
    out.push(blind.headline, ...blind.reasons.map((reason) => `  ${oneLine(reason)}`));
  } else if (listed.length === 0) {
    out.push(report.findings.length === 0 ? 'No findings.' : 'No failing, unknown or errored findings.');
  } else {
    const compared = report.comparison !== undefined || listed.some((f) => f.lifecycle !== undefined);
    const now = compared ? report.timing.finishedAt : undefined;
    const header = compared ? [...HEADER.slice(0, -1), OPEN_FOR, ...HEADER.slice(-1)] : HEADER;
    const rows = listed.map((finding) => rowOf(finding, now));
    const widths = layout(header, rows, opts.width);
    out.push(renderRow(header.map((text) => ({ text })), widths, opts.color, true));
    for (const row of rows) out.push(renderRow(row, widths, opts.color));
  }
  const hiddenPasses = opts.showPass === true ? 0 : report.findings.filter((f) => f.status === 'pass').length;
  if (hiddenPasses > 0) out.push(`(${hiddenPasses} passing check${hiddenPasses === 1 ? '' : 's'} not listed)`);
  out.push(...resolvedLines(report, opts));
  out.push('', ...summaryLines(report, opts));
  return `${out.join('\n')}\n`;
}
