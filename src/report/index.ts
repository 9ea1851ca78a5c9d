/**
 * Format name → reporter. REPORT_FORMATS in model.ts is the list of names; the Record type below
 * makes the compiler reject a format that is listed there without a reporter here.
 */
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { REPORT_FORMATS, type Report, type ReportFormat } from './model.ts';
import { renderNdjson } from './ndjson.ts';
import { renderOcsf } from './ocsf.ts';
import { renderSarif } from './sarif.ts';
import { renderTable, type TableOptions } from './table.ts';

/** Options every reporter receives; machine formats ignore the terminal ones. */
export type RenderOptions = TableOptions;

export type Reporter = (report: Report, opts: RenderOptions) => string;

export const reporters: Record<ReportFormat, Reporter> = {
  table: (report, opts) => renderTable(report, opts),
  json: (report) => renderJson(report),
  ndjson: (report) => renderNdjson(report),
  sarif: (report) => renderSarif(report),
  junit: (report) => renderJunit(report),
  csv: (report) => renderCsv(report),
  markdown: (report) => renderMarkdown(report),
  ocsf: (report) => renderOcsf(report),
  html: (report) => renderHtml(report),
};

export const isReportFormat = (name: string): name is ReportFormat =>
  (REPORT_FORMATS as readonly string[]).includes(name);

/**
 * Checks a user-given format name (e.g. from `--format`), with a message that lists the choices.
 */
export const parseReportFormat = (name: string): ReportFormat => {
  if (isReportFormat(name)) return name;
  throw new Error(`unknown report format "${name}": expected one of ${REPORT_FORMATS.join('|')}`);
};

/** Formats whose output is one record per finding, which the CLI may write as findings arrive. */
export const STREAMING_FORMATS: ReadonlySet<ReportFormat> = new Set<ReportFormat>(['ndjson']);

/**
 * Formats that list passing checks (JUnit passing testcases, CSV rows), so a scan writing them
 * keeps every finding; the others list only what needs attention and count the passes.
 */
export const FORMATS_LISTING_PASSES: ReadonlySet<ReportFormat> = new Set<ReportFormat>(['json', 'junit', 'csv']);

export const renderReport = (format: ReportFormat, report: Report, opts: RenderOptions): string =>
  reporters[format](report, opts);

export { REPORT_FORMATS, type Report, type ReportFormat } from './model.ts';
export { renderJson, parseReportJson } from './json.ts';
export { ndjsonLine, renderNdjson } from './ndjson.ts';
export { renderSarif } from './sarif.ts';
export { renderJunit } from './junit.ts';
export { renderCsv } from './csv.ts';
export { renderMarkdown } from './markdown.ts';
export { renderOcsf } from './ocsf.ts';
export { renderHtml } from './html.ts';
export { renderTable, formatCoverage, compareFindings } from './table.ts';
