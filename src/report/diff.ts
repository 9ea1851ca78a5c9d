/** Renders an `ajar diff` result as text for a terminal, JSON, or Markdown for a pull request. */
import type { DiffFinding, ReportDiff } from '../engine/report-diff.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';
import { oneLine } from './terminal-text.ts';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const suppressedNote = (f: DiffFinding): string => (f.suppression ? ` [suppressed: ${f.suppression.reason}; owner ${f.suppression.owner}; until ${f.suppression.expires}]` : '');

const counts = (diff: ReportDiff): string =>
  `${diff.added.length} new, ${diff.resolved.length} resolved, ${diff.changedSeverity.length} changed severity, ` +
  `${diff.notRechecked.length} not rechecked, ${diff.unchanged} unchanged`;

export function renderDiffText(diff: ReportDiff): string {
  const lines = [`ajar diff: ${diff.old.file} (${diff.old.startedAt}) → ${diff.new.file} (${diff.new.startedAt})`, counts(diff)];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.map((item) => `  ${item}`));
  };
  const line = (f: DiffFinding) => `${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${oneLine(f.resource.id)}`;
  section('New failing', diff.added.map((f) => `${line(f)}${suppressedNote(f)}`));
  section('Resolved', diff.resolved.map(line));
  section('Changed severity', diff.changedSeverity.map((f) => `${f.from} → ${f.severity}  ${f.ruleId}  ${f.resource.id}`));
  section('Not rechecked (not resolved)', diff.notRechecked.map((f) => `${line(f)}  now ${f.now}`));
  return `${lines.join('\n')}\n`;
}

export const renderDiffJson = (diff: ReportDiff): string => `${terminalSafeJson(diff, 2)}\n`;

/** Markdown table cells: pipes and newlines would break the row, and HTML must not render. */
const cell = (text: string): string => oneLine(text).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);

export function renderDiffMarkdown(diff: ReportDiff): string {
  const out = [`### ajar diff`, '', `${cell(diff.old.file)} (${diff.old.startedAt}) → ${cell(diff.new.file)} (${diff.new.startedAt}): ${counts(diff)}.`];
  const table = (title: string, header: string[], rows: string[][]) => {
    if (rows.length === 0) return;
    out.push('', `#### ${title}`, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`));
  };
  table('New failing', ['Severity', 'Rule', 'Resource', 'Suppressed'], diff.added.map((f) => [f.severity, cell(f.ruleId), cell(f.resource.id), f.suppression ? cell(`${f.suppression.reason} (${f.suppression.owner}, until ${f.suppression.expires})`) : '']));
  table('Resolved', ['Severity', 'Rule', 'Resource'], diff.resolved.map((f) => [f.severity, cell(f.ruleId), cell(f.resource.id)]));
  table('Changed severity', ['From', 'To', 'Rule', 'Resource'], diff.changedSeverity.map((f) => [f.from, f.severity, cell(f.ruleId), cell(f.resource.id)]));
  table('Not rechecked (not resolved)', ['Severity', 'Rule', 'Resource', 'Now'], diff.notRechecked.map((f) => [f.severity, cell(f.ruleId), cell(f.resource.id), f.now]));
  return `${out.join('\n')}\n`;
}

export const DIFF_RENDERERS: Record<DiffFormat, (diff: ReportDiff) => string> = {
  table: renderDiffText,
  json: renderDiffJson,
  markdown: renderDiffMarkdown,
};
