/**
 * GitHub-flavoured Markdown for a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY):
 * the counts, then a table per kind of finding (failing, could not decide, suppressed, resolved),
 * then how to fix each failing rule. A PR comment holds at most 65,536 characters, so when the
 * whole document would not fit, table rows are dropped from the end (failing rows are kept first)
 * and a note says how many are missing and where to find them.
 *
 * Everything that comes from the cloud is escaped: Markdown punctuation, HTML, and `@`, which would
 * otherwise notify whoever a resource named `@org/team` happens to name.
 */
import { SEVERITIES, severityRank, type Finding, type ResolvedFinding } from '../engine/finding.ts';
import type { Report } from './model.ts';
import { compareFindings, formatCoverage } from './table.ts';
import { oneLine } from './terminal-text.ts';
import {
  collectionErrorScope,
  displayName,
  isOpenFailure,
  isSuppressedFailure,
  isWebLink,
  nothingScanned,
  openFor,
  reportTime,
  resolvedByFingerprint,
  ruleLookup,
  whereOf,
  type RuleSummary,
} from './present.ts';

/** GitHub's limit for an issue or pull-request comment body. */
export const PR_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Longest document to produce, in UTF-16 code units (never fewer than GitHub counts). Default: 65,536. */
  maxLength?: number;
}

/** Text for a table cell or a line: one line, Markdown and HTML inert, no @-mentions. */
export const mdText = (value: string): string =>
  oneLine(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/@/g, '@\u200b')
    .trim();

/** A code span that no backtick inside the value can close early; pipes escaped for table cells. */
const mdCode = (value: string): string => {
  const text = oneLine(value);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
};

const resourceCell = (resource: Finding['resource']): string => {
  const where = whereOf(resource);
  return `${mdCode(displayName(resource))}${where.length > 0 ? ` ${mdText(where)}` : ''}`;
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

const tableLines = (table: Table, budget: { rows: number; dropped: number }): string[] => {
  if (table.rows.length === 0) return [];
  const shown = table.rows.slice(0, Math.max(0, budget.rows));
  budget.rows -= shown.length;
  budget.dropped += table.rows.length - shown.length;
  const lines = [`### ${table.title}`, ''];
  if (shown.length === 0) return [...lines, `_${plural(table.rows.length, 'row')} not shown._`, ''];
  lines.push(`| ${table.header.join(' | ')} |`, `|${table.header.map(() => ' --- ').join('|')}|`);
  for (const row of shown) lines.push(`| ${row.join(' | ')} |`);
  if (shown.length < table.rows.length) lines.push('', `_${plural(table.rows.length - shown.length, 'more row')} not shown._`);
  return [...lines, ''];
};

const summaryLines = (report: Report): string[] => {
  const { byStatus } = report.summary;
  // From the findings, so that suppressed failures (which do not fail the gate) are counted apart.
  const failing = report.findings.filter(isOpenFailure);
  const suppressed = report.findings.filter(isSuppressedFailure).length;
  const bySeverity = (s: (typeof SEVERITIES)[number]) => failing.filter((f) => f.severity === s).length;
  const worst = SEVERITIES.filter((s) => bySeverity(s) > 0).map((s) => `${bySeverity(s)} ${s}`);
  const headline =
    (failing.length === 0 ? 'no failing findings' : `${plural(failing.length, 'failing finding')} (${worst.join(', ')})`) +
    (suppressed > 0 ? `, ${suppressed} suppressed` : '');
  const blind = nothingScanned(report);
  const lines = [
    blind ? `## ajar: nothing was scanned` : `## ajar: ${headline}`,
    '',
    ...(blind ? [mdText(blind.headline), '', ...blind.reasons.map((reason) => `- ${mdText(reason)}`), ...(blind.reasons.length > 0 ? [''] : [])] : []),
    '| Critical | High | Medium | Low | Info | Unknown | Error | Suppressed | Pass |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${SEVERITIES.map(bySeverity).join(' | ')} | ${byStatus.unknown} | ${byStatus.error} | ${suppressed} | ${byStatus.pass} |`,
    '',
  ];
  const scope = report.scope.map((entry) => {
    const where = [entry.provider, entry.account].filter((part) => part !== undefined && part !== '').join(' ');
    return entry.notScanned !== undefined ? `${mdText(where)} **not scanned**: ${mdText(entry.notScanned)}` : mdText(where);
  });
  lines.push(`**Scope:** ${scope.join(' · ')}  `);
  const notes = report.scope.flatMap((entry) => entry.notes ?? []);
  if (notes.length > 0) lines.push(`**Notes:** ${notes.map(mdText).join('; ')}  `);
  lines.push(`**${mdText(formatCoverage(report.coverage))}**, scan finished ${mdText(report.timing.finishedAt)}  `);
  const comparison = report.comparison;
  if (comparison !== undefined) {
    const fresh = failing.filter((f) => f.lifecycle?.state === 'new').length;
    const existing = failing.filter((f) => f.lifecycle?.state === 'existing').length;
    const previous = comparison.previousScanAt !== undefined ? ` (previous scan ${mdText(comparison.previousScanAt)})` : '';
    lines.push(`**Compared with** ${mdCode(comparison.against)}${previous}: ${fresh} new, ${existing} existing, ${comparison.resolved.length} resolved  `);
  }
  if (report.collectionErrors.length > 0) {
    lines.push(`**Collection errors (${report.collectionErrors.length}):** ${report.collectionErrors.map((e) => mdText(`${collectionErrorScope(e)} ${e.operation}: ${e.code}`)).join('; ')}  `);
  }
  const stale = report.suppressions?.stale ?? [];
  const expired = report.suppressions?.expired ?? [];
  if (expired.length > 0) lines.push(`**Expired suppressions (${expired.length}), no longer suppressing:** ${expired.map((e) => `${mdCode(e.ruleId)} on ${mdCode(e.resource)} expired ${mdText(e.expires)} (${mdText(e.source)})`).join('; ')}  `);
  if (stale.length > 0) lines.push(`**Stale suppressions (${stale.length}), matching nothing:** ${stale.map((e) => `${mdCode(e.ruleId)} on ${mdCode(e.resource)} (${mdText(e.source)})`).join('; ')}  `);
  return [...lines, ''];
};

const ageCell = (finding: Finding, now: string): string => {
  if (finding.lifecycle === undefined) return '';
  const age = openFor(finding.lifecycle.firstSeen, now);
  if (finding.lifecycle.state === 'new') return age !== undefined ? `**new** (${mdText(age)})` : '**new**';
  return age !== undefined ? mdText(age) : 'existing';
};

const fixLines = (rules: RuleSummary[]): string[] => {
  if (rules.length === 0) return [];
  const lines = ['<details><summary>How to fix</summary>', ''];
  for (const rule of rules) {
    lines.push(`#### ${mdText(rule.title)} (${mdCode(rule.id)})`, '');
    if (rule.remediation.text !== '') lines.push(mdText(rule.remediation.text), '');
    if (rule.remediation.cli !== undefined) {
      const fence = '`'.repeat(Math.max(3, ...[...rule.remediation.cli.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      lines.push(`${fence}sh`, rule.remediation.cli, fence, '');
    }
    const links = rule.references.filter(isWebLink);
    if (links.length > 0) lines.push(links.map((url) => `- <${url}>`).join('\n'), '');
  }
  return [...lines, '</details>', ''];
};

interface Prepared {
  summary: string[];
  tables: Table[];
  fix: string[];
}

/** Everything but the row budget, computed once: the budget search below re-assembles many times. */
const prepare = (report: Report): Prepared => {
  const rule = ruleLookup(report);
  const now = reportTime(report);
  const sorted = [...report.findings].sort(compareFindings);
  const failing = sorted.filter(isOpenFailure);
  const undecided = sorted.filter((f) => f.status === 'unknown' || f.status === 'error');
  const suppressed = sorted.filter(isSuppressedFailure);
  const resolved = [...(report.comparison?.resolved ?? [])].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const compared = report.comparison !== undefined || failing.some((f) => f.lifecycle !== undefined);

  const tables: Table[] = [
    {
      title: `Failing (${failing.length})`,
      header: ['Severity', 'Resource', 'Rule', 'Reason', ...(compared ? ['Open for'] : [])],
      rows: failing.map((f) => [f.severity, resourceCell(f.resource), mdCode(f.ruleId), mdText(f.message), ...(compared ? [ageCell(f, now)] : [])]),
    },
    {
      title: `Could not decide (${undecided.length})`,
      header: ['Status', 'Severity', 'Resource', 'Rule', 'Why'],
      rows: undecided.map((f) => [f.status, f.severity, resourceCell(f.resource), mdCode(f.ruleId), mdText(f.message)]),
    },
    {
      title: `Suppressed (${suppressed.length})`,
      header: ['Severity', 'Resource', 'Rule', 'Reason', 'Owner', 'Until'],
      rows: suppressed.map((f) => [f.severity, resourceCell(f.resource), mdCode(f.ruleId), mdText(f.suppression?.reason ?? ''), mdText(f.suppression?.owner ?? ''), mdText(f.suppression?.expires ?? '')]),
    },
    {
      title: `Resolved since the previous scan (${resolved.length})`,
      header: ['Severity', 'Resource', 'Rule', 'Was open for'],
      rows: resolved.map((r: ResolvedFinding) => [r.severity, resourceCell(r.resource), mdCode(r.ruleId), mdText(openFor(r.firstSeen, r.resolvedAt) ?? '')]),
    },
  ];
  const firstOfRule = new Map<string, Finding>();
  for (const f of failing) if (!firstOfRule.has(f.ruleId)) firstOfRule.set(f.ruleId, f);
  return { summary: summaryLines(report), tables, fix: fixLines([...firstOfRule.values()].map(rule)) };
};

const assemble = (prepared: Prepared, maxRows: number): string => {
  const budget = { rows: maxRows, dropped: 0 };
  const body = prepared.tables.flatMap((table) => tableLines(table, budget));
  const lines = [...prepared.summary, ...body];
  if (budget.dropped > 0) {
    lines.push(`> [!NOTE]`, `> ${plural(budget.dropped, 'row')} left out to fit a pull-request comment (${PR_COMMENT_LIMIT.toLocaleString('en')} characters). The full report: \`ajar report report.json --format html\`.`, '');
  }
  lines.push(...prepared.fix);
  return `${lines.join('\n').trimEnd()}\n`;
};

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const limit = opts.maxLength ?? PR_COMMENT_LIMIT;
  const prepared = prepare(report);
  const full = assemble(prepared, Number.POSITIVE_INFINITY);
  if (full.length <= limit) return full;
  // The most rows that fit: the length grows with the row count, so a binary search finds it.
  let low = 0;
  let high = prepared.tables.reduce((sum, table) => sum + table.rows.length, 0);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (assemble(prepared, mid).length <= limit) low = mid;
    else high = mid - 1;
  }
  const best = assemble(prepared, low);
  if (best.length <= limit) return best;
  // Even without rows the summary is too long (thousands of suppression problems): cut the text.
  const note = '\n\n> [!NOTE]\n> Cut to fit a pull-request comment.\n';
  let cut = Math.max(0, limit - note.length);
  // Never split a surrogate pair: half an emoji would be invalid UTF-16.
  if (cut > 0 && /[\ud800-\udbff]/.test(best.charAt(cut - 1))) cut -= 1;
  return `${best.slice(0, cut)}${note}`;
}
