import type { Finding } from '../engine/finding.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';
import type { Report } from './model.ts';

/**
 * One finding as one line of JSON. JSON.stringify escapes every newline inside strings, so a line
 * break only ever ends a record: consumers can split on "\n" while the CLI streams findings as
 * they are evaluated.
 */
export function ndjsonLine(finding: Finding): string {
  return `${terminalSafeJson(finding)}\n`;
}

/** Every finding of a report, pass included, in report order: the same lines a streamed scan emits. */
export function renderNdjson(report: Report): string {
  return report.findings.map(ndjsonLine).join('');
}
