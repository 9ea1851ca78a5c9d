/**
 * The findings part of the HTML report: a filter bar and one collapsible entry per finding (plus
 * one per finding resolved since the previous scan), each with its reason trace, what could not
 * be read, lifecycle, suppression and remediation. Entries carry data-provider / data-severity /
 * data-status for the page script's filters.
 */
import { SEVERITIES, type Finding, type ResolvedFinding, type Severity } from '../../engine/finding.ts';
import type { Provider } from '../../inventory/common.ts';
import type { Report } from '../model.ts';
import { compareFindings } from '../table.ts';
import {
  displayName,
  isSuppressedFailure,
  isWebLink,
  openFor,
  reportTime,
  resolvedByFingerprint,
  resolvedWithoutFinding,
  ruleLookup,
  whereOf,
  WITNESS_PATH_WORDS,
  witnessCaller,
  type RuleSummary,
} from '../present.ts';
import { esc } from './escape.ts';
import { providerName } from './summary.ts';

/** What the status filter sees: a suppressed failure and a resolved finding are their own kinds. */
export type FilterStatus = 'fail' | 'unknown' | 'error' | 'suppressed' | 'resolved' | 'pass';
const FILTER_STATUSES: readonly FilterStatus[] = ['fail', 'unknown', 'error', 'suppressed', 'resolved', 'pass'];
/** Passing checks are hidden until asked for, as in the table; everything else is shown. */
const SHOWN_BY_DEFAULT = (status: FilterStatus): boolean => status !== 'pass';

interface Entry {
  provider: Provider;
  severity: Severity;
  status: FilterStatus;
  html: string;
}

const badge = (kind: string, text = kind): string => `<span class="badge b-${esc(kind)}">${esc(text)}</span>`;

const traceHtml = (finding: Finding): string => {
  if (finding.trace.length === 0) return '';
  const steps = finding.trace.map(
    (step) =>
      `<li><span class="layer">${esc(step.layer)}</span>${step.ref !== undefined && step.ref !== '' ? ` <code>${esc(step.ref)}</code>` : ''} <span class="eff eff-${esc(step.effect)}">${esc(step.effect)}</span> ${esc(step.detail)}</li>`,
  );
  return `<h3>Reason trace</h3><ol class="trace">${steps.join('')}</ol>`;
};

/** The concrete request behind a public verdict, laid out to be pasted into a ticket. */
const witnessHtml = (finding: Finding): string => {
  const w = finding.witness;
  if (w === undefined) return '';
  const context = Object.entries(w.context).map(([key, value]) => `<li><code>${esc(key)}</code> = <code>${esc(Array.isArray(value) ? value.join(', ') : value)}</code></li>`);
  return `<h3>Witness request</h3>${detailsList([
    ['Caller', esc(witnessCaller(w.principal))],
    ['Path', esc(WITNESS_PATH_WORDS[w.path])],
    ['Action', `<code>${esc(w.action)}</code>`],
    ['Resource', `<code>${esc(w.resource)}</code>`],
    ['Context keys', context.length > 0 ? `<ul class="witness-context">${context.join('')}</ul>` : undefined],
  ])}`;
};

const unreadableHtml = (finding: Finding): string => {
  const gaps = finding.unreadable ?? [];
  if (gaps.length === 0) return '';
  return `<h3>Could not read</h3><ul>${gaps.map((g) => `<li><code>${esc(g.facet)}</code>: ${esc(g.operation)} returned <code>${esc(g.code)}</code> ${esc(g.message)}</li>`).join('')}</ul>`;
};

const remediationHtml = (rule: RuleSummary): string => {
  const parts: string[] = [];
  if (rule.remediation.text !== '') parts.push(`<p>${esc(rule.remediation.text)}</p>`);
  if (rule.remediation.cli !== undefined) parts.push(`<pre><code>${esc(rule.remediation.cli)}</code></pre>`);
  if (rule.references.length > 0) {
    const refs = rule.references.map((url) =>
      isWebLink(url) ? `<li><a href="${esc(url)}" rel="noopener noreferrer" target="_blank">${esc(url)}</a></li>` : `<li>${esc(url)}</li>`,
    );
    parts.push(`<ul>${refs.join('')}</ul>`);
  }
  return parts.length > 0 ? `<h3>Remediation</h3>${parts.join('')}` : '';
};

const detailsList = (pairs: [string, string | undefined][]): string =>
  `<dl class="kv">${pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`)
    .join('')}</dl>`;

const searchText = (parts: string[]): string => parts.join(' ').toLowerCase();

const entryHtml = (o: {
  status: FilterStatus;
  severity: Severity;
  resource: Finding['resource'];
  badges: string[];
  title: string;
  age?: { text: string; open: boolean };
  body: string[];
  search: string;
  hidden: boolean;
}): string => {
  const where = whereOf(o.resource);
  return [
    `<details class="finding" data-provider="${esc(o.resource.provider)}" data-severity="${esc(o.severity)}" data-status="${esc(o.status)}" data-search="${esc(o.search)}"${o.hidden ? ' hidden' : ''}>`,
    `<summary>${o.badges.join(' ')} <span class="res">${esc(displayName(o.resource))}</span>${where !== '' ? ` <span class="muted">${esc(where)}</span>` : ''} <span class="rule">${esc(o.title)}</span>${o.age !== undefined ? ` <span class="age${o.age.open ? ' open' : ''}">${esc(o.age.text)}</span>` : ''}</summary>`,
    `<div class="body">${o.body.join('\n')}</div>`,
    '</details>',
  ].join('\n');
};

const findingEntry = (finding: Finding, rule: RuleSummary, now: string, resolved?: ResolvedFinding): Entry => {
  const status: FilterStatus =
    isSuppressedFailure(finding) ? 'suppressed' : finding.status === 'pass' && resolved !== undefined ? 'resolved' : finding.status;
  const badges = [badge(finding.severity), badge(status)];
  const lifecycle = finding.lifecycle;
  if (lifecycle !== undefined) badges.push(badge(lifecycle.state));
  const age = openFor(lifecycle?.firstSeen ?? resolved?.firstSeen, now);
  const ageText =
    finding.status === 'fail' && age !== undefined
      ? { text: `open for ${age}`, open: finding.suppression === undefined }
      : finding.status === 'fail' && lifecycle?.state === 'new'
        ? { text: 'new in this scan', open: finding.suppression === undefined }
        : resolved !== undefined
          ? { text: `resolved ${resolved.resolvedAt}`, open: false }
          : undefined;
  const suppression = finding.suppression;
  const body = [
    `<p>${esc(finding.message)}</p>`,
    traceHtml(finding),
    witnessHtml(finding),
    unreadableHtml(finding),
    suppression !== undefined
      ? `<h3>Suppressed</h3>${detailsList([['Reason', esc(suppression.reason)], ['Owner', esc(suppression.owner)], ['Until', esc(suppression.expires)], ['Entry', esc(suppression.source)]])}`
      : '',
    // A passing check needs no fix; leaving it out keeps a report of 10,000 passes a few MB smaller.
    finding.status !== 'pass' ? remediationHtml(rule) : '',
    '<h3>Details</h3>',
    detailsList([
      ['Rule', `<code>${esc(finding.ruleId)}</code> ${esc(rule.title)}`],
      ['Resource', `<code>${esc(finding.resource.id)}</code>`],
      ['Type', esc(finding.resource.type)],
      ['Provider', esc(providerName(finding.resource.provider))],
      ['First seen', lifecycle?.firstSeen !== undefined ? esc(lifecycle.firstSeen) : undefined],
      ['Open for', finding.status === 'fail' && age !== undefined ? esc(age) : undefined],
      ['Resolved at', resolved !== undefined ? esc(resolved.resolvedAt) : undefined],
      ['Fingerprint', `<code>${esc(finding.fingerprint)}</code>`],
    ]),
  ];
  return {
    provider: finding.resource.provider,
    severity: finding.severity,
    status,
    html: entryHtml({
      status,
      severity: finding.severity,
      resource: finding.resource,
      badges,
      title: headlineOf(finding, rule.title),
      age: ageText,
      body,
      search: searchText([finding.resource.name, finding.resource.id, finding.ruleId, rule.title, finding.message]),
      hidden: !SHOWN_BY_DEFAULT(status),
    }),
  };
};

const resolvedEntry = (entry: ResolvedFinding, rule: RuleSummary): Entry => {
  const age = openFor(entry.firstSeen, entry.resolvedAt);
  const body = [
    `<p>Failing at the previous scan; this scan found it fixed.${age !== undefined ? ` It had been open for ${esc(age)}.` : ''}</p>`,
    '<h3>Details</h3>',
    detailsList([
      ['Rule', `<code>${esc(entry.ruleId)}</code> ${esc(rule.title)}`],
      ['Resource', `<code>${esc(entry.resource.id)}</code>`],
      ['First seen', entry.firstSeen !== undefined ? esc(entry.firstSeen) : undefined],
      ['Resolved at', esc(entry.resolvedAt)],
      ['Fingerprint', `<code>${esc(entry.fingerprint)}</code>`],
    ]),
  ];
  return {
    provider: entry.resource.provider,
    severity: entry.severity,
    status: 'resolved',
    html: entryHtml({
      status: 'resolved',
      severity: entry.severity,
      resource: entry.resource,
      badges: [badge(entry.severity), badge('resolved')],
      title: rule.title,
      age: { text: `resolved ${entry.resolvedAt}`, open: false },
      body,
      search: searchText([entry.resource.name, entry.resource.id, entry.ruleId, rule.title]),
      hidden: false,
    }),
  };
};

const chips = (filter: string, values: readonly string[], label: (v: string) => string, checked: (v: string) => boolean, counts: Map<string, number>): string =>
  values
    .map((v) => `<label class="chip"><input type="checkbox" data-filter="${filter}" value="${esc(v)}"${checked(v) ? ' checked' : ''}> ${esc(label(v))} <span class="muted">${counts.get(v) ?? 0}</span></label>`)
    .join('');

const countBy = (entries: Entry[], key: 'provider' | 'severity' | 'status'): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry[key], (counts.get(entry[key]) ?? 0) + 1);
  return counts;
};

/**
 * Passing checks listed at most: tens of thousands of them (a JSON report of a large estate) would
 * make a page of tens of MB that a browser struggles with, to show what needs no action. The rest
 * are counted; JSON and CSV list them all. A passing check that used to fail is always listed.
 */
export const MAX_LISTED_PASSES = 1000;

export function findingsHtml(report: Report): string {
  const rule = ruleLookup(report);
  const now = reportTime(report);
  const resolved = resolvedByFingerprint(report);
  let passes = 0;
  const listed = [...report.findings].sort(compareFindings).filter((f) => f.status !== 'pass' || resolved.has(f.fingerprint) || ++passes <= MAX_LISTED_PASSES);
  const unlisted = report.findings.length - listed.length;
  const entries = [
    ...listed.map((f) => findingEntry(f, rule(f), now, f.status === 'pass' ? resolved.get(f.fingerprint) : undefined)),
    ...resolvedWithoutFinding(report).map((r) => resolvedEntry(r, rule(r))),
  ];
  const providers = [...new Set(entries.map((e) => e.provider))].sort();
  const statuses = FILTER_STATUSES.filter((s) => entries.some((e) => e.status === s));
  const visible = entries.filter((e) => SHOWN_BY_DEFAULT(e.status)).length;
  return [
    '<section aria-label="Findings">',
    '<h2>Findings</h2>',
    '<form class="filters" role="search">',
    `<fieldset><legend>Provider</legend>${chips('provider', providers, (p) => providerName(p as Provider), () => true, countBy(entries, 'provider'))}</fieldset>`,
    `<fieldset><legend>Severity</legend>${chips('severity', SEVERITIES, (s) => s, () => true, countBy(entries, 'severity'))}</fieldset>`,
    `<fieldset><legend>Status</legend>${chips('status', statuses, (s) => s, (s) => SHOWN_BY_DEFAULT(s as FilterStatus), countBy(entries, 'status'))}</fieldset>`,
    '<input id="search" type="search" placeholder="Search resource, rule, message" aria-label="Search findings">',
    `<div class="toolbar"><span>Showing <strong id="shown">${visible}</strong> of ${entries.length}</span><button type="button" id="expand">Expand all</button><button type="button" id="collapse">Collapse all</button></div>`,
    '</form>',
    `<div class="findings">${entries.map((e) => e.html).join('\n')}</div>`,
    `<p id="empty" class="panel muted"${visible > 0 ? ' hidden' : ''}>${entries.length === 0 ? 'No findings.' : 'No finding matches the filters.'}</p>`,
    unlisted > 0 ? `<p class="muted">${unlisted} more passing checks are counted but not listed here; the JSON and CSV formats list every check.</p>` : '',
    '</section>',
  ].join('\n');
}

/**
 * The one line shown before a finding is expanded. A rule's title states the compliant condition,
 * which beside a FAIL badge reads as its opposite; a non-passing finding shows what is wrong
 * instead (its message up to the reason, which the expanded view gives in full).
 */
function headlineOf(finding: Finding, ruleTitle: string): string {
  if (finding.status === 'pass') return ruleTitle;
  const cut = finding.message.indexOf(': ');
  return cut > 0 ? finding.message.slice(0, cut) : finding.message;
}
