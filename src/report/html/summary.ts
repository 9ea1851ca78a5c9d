/**
 * The top of the HTML report: what was scanned, what needs attention first (providers not scanned,
 * collection errors, expired and stale suppressions), failing counts by severity and by provider,
 * and the comparison with the previous scan (new, existing, resolved, the oldest open exposure).
 */
import { SEVERITIES, type Finding, type Severity } from '../../engine/finding.ts';
import type { Provider } from '../../inventory/common.ts';
import type { Report } from '../model.ts';
import { formatCoverage } from '../table.ts';
import { collectionErrorScope, isOpenFailure, isSuppressedFailure, openFor, reportTime, resourceLabel } from '../present.ts';
import { esc } from './escape.ts';

const PROVIDER_NAME: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };

export const providerName = (provider: Provider): string => PROVIDER_NAME[provider] ?? provider;

export function headerHtml(report: Report): string {
  const scope = report.scope
    .map((entry) => {
      const who = [providerName(entry.provider), entry.account].filter((p) => p !== undefined && p !== '').join(' ');
      const regions = entry.regions !== undefined && entry.regions.length > 0 ? ` (${entry.regions.join(', ')})` : '';
      return `<span class="chip">${esc(who + regions)}${entry.notScanned !== undefined ? ' — not scanned' : ''}</span>`;
    })
    .join(' ');
  const seconds = (report.timing.durationMs / 1000).toFixed(1);
  return [
    '<header>',
    '<h1>ajar exposure report</h1>',
    `<p class="meta">Scan finished <time datetime="${esc(report.timing.finishedAt)}">${esc(report.timing.finishedAt)}</time> in ${esc(seconds)} s · ajar ${esc(report.tool.version)} · ${esc(formatCoverage(report.coverage))} · ${esc(report.stats.apiCalls)} API calls</p>`,
    `<p>${scope}</p>`,
    '</header>',
  ].join('\n');
}

const list = (items: string[]): string => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;

export function alertsHtml(report: Report): string {
  const alerts: string[] = [];
  const notScanned = report.scope.filter((entry) => entry.notScanned !== undefined);
  if (notScanned.length > 0) {
    alerts.push(`<div class="alert"><strong>Not scanned (${notScanned.length})</strong>${list(notScanned.map((e) => esc(`${providerName(e.provider)}${e.account !== undefined ? ` ${e.account}` : ''}: ${e.notScanned ?? ''}`)))}</div>`);
  }
  if (report.collectionErrors.length > 0) {
    alerts.push(`<div class="alert"><strong>Collection errors (${report.collectionErrors.length})</strong>: these parts could not be listed, so their findings are missing.${list(report.collectionErrors.map((e) => esc(`${collectionErrorScope(e)} ${e.operation}: ${e.code}: ${e.message}`)))}</div>`);
  }
  const expired = report.suppressions?.expired ?? [];
  if (expired.length > 0) {
    alerts.push(`<div class="alert"><strong>Expired suppressions (${expired.length})</strong>: no longer suppressing; renew or remove them.${list(expired.map((e) => `<code>${esc(e.ruleId)}</code> on <code>${esc(e.resource)}</code> expired ${esc(e.expires)} <span class="muted">(${esc(e.source)})</span>`))}</div>`);
  }
  const stale = report.suppressions?.stale ?? [];
  if (stale.length > 0) {
    alerts.push(`<div class="alert warn"><strong>Stale suppressions (${stale.length})</strong>: they match no finding; remove them.${list(stale.map((e) => `<code>${esc(e.ruleId)}</code> on <code>${esc(e.resource)}</code> <span class="muted">(${esc(e.source)})</span>`))}</div>`);
  }
  return alerts.length > 0 ? `<section class="alerts" aria-label="Attention">${alerts.join('\n')}</section>` : '';
}

/** A stacked bar of failing findings by severity; rect widths are attributes, so the CSP needs no inline styles. */
const severityBar = (counts: Record<Severity, number>): string => {
  const total = SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) return '';
  let x = 0;
  const rects = SEVERITIES.filter((s) => counts[s] > 0).map((s) => {
    const width = (counts[s] / total) * 100;
    const rect = `<rect class="${s}" x="${x.toFixed(3)}" y="0" width="${width.toFixed(3)}" height="10"><title>${counts[s]} ${s}</title></rect>`;
    x += width;
    return rect;
  });
  return `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="failing findings by severity">${rects.join('')}</svg>`;
};

/**
 * Failing counts come from the findings, not the summary, so that a suppressed failure (which
 * does not fail the gate) is counted on its own card and not among the failures to fix.
 */
export function cardsHtml(report: Report): string {
  const { byStatus } = report.summary;
  const failing = report.findings.filter(isOpenFailure);
  const suppressed = report.findings.filter(isSuppressedFailure).length;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, failing.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const cards = [
    ...SEVERITIES.map((s) => `<div class="card sev-${s}"><div class="n">${esc(bySeverity[s])}</div><div class="l">${s} failing</div></div>`),
    `<div class="card st-unknown"><div class="n">${esc(byStatus.unknown)}</div><div class="l">could not decide</div></div>`,
    `<div class="card st-error"><div class="n">${esc(byStatus.error)}</div><div class="l">rule errors</div></div>`,
    ...(suppressed > 0 ? [`<div class="card"><div class="n">${esc(suppressed)}</div><div class="l">suppressed</div></div>`] : []),
    `<div class="card st-pass"><div class="n">${esc(byStatus.pass)}</div><div class="l">passing checks</div></div>`,
  ];
  return `<section aria-label="Summary"><h2>Summary: ${esc(failing.length)} failing finding${failing.length === 1 ? '' : 's'}</h2><div class="cards">${cards.join('')}</div>${severityBar(bySeverity)}</section>`;
}

export function providerTableHtml(report: Report): string {
  const providers = [...new Set<Provider>([...report.scope.map((e) => e.provider), ...report.findings.map((f) => f.resource.provider)])];
  const rows = providers.map((provider) => {
    const mine = report.findings.filter((f) => f.resource.provider === provider);
    const failing = (s: Severity) => mine.filter((f) => isOpenFailure(f) && f.severity === s).length;
    const status = (st: Finding['status']) => mine.filter((f) => f.status === st).length;
    const suppressed = mine.filter(isSuppressedFailure).length;
    const resources = new Set(mine.map((f) => f.resource.id)).size;
    const cells = [...SEVERITIES.map(failing), status('unknown'), status('error'), suppressed, status('pass'), resources];
    return `<tr><th scope="row">${esc(providerName(provider))}</th>${cells.map((n) => `<td class="num">${n}</td>`).join('')}</tr>`;
  });
  const head = [...SEVERITIES, 'unknown', 'error', 'suppressed', 'pass', 'resources'].map((h) => `<th class="num">${h}</th>`).join('');
  return `<div class="panel"><h2>By provider</h2><table><thead><tr><th>Provider</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table><p class="muted">Passing checks and resources count what the report kept; a scan writing only HTML keeps failing, unknown and error findings.</p></div>`;
}

export function exposureHtml(report: Report): string {
  const now = reportTime(report);
  const failing = report.findings.filter((f) => f.status === 'fail');
  const dated = failing
    .filter((f) => f.suppression === undefined && f.lifecycle?.firstSeen !== undefined && openFor(f.lifecycle.firstSeen, now) !== undefined)
    .sort((a, b) => Date.parse(a.lifecycle?.firstSeen ?? '') - Date.parse(b.lifecycle?.firstSeen ?? ''));
  const parts: string[] = [];
  const comparison = report.comparison;
  if (comparison !== undefined) {
    const open = failing.filter((f) => f.suppression === undefined);
    const fresh = open.filter((f) => f.lifecycle?.state === 'new').length;
    const existing = open.filter((f) => f.lifecycle?.state === 'existing').length;
    parts.push(
      '<dl class="kv">',
      `<dt>Compared with</dt><dd><code>${esc(comparison.against)}</code></dd>`,
      `<dt>Previous scan</dt><dd>${comparison.previousScanAt !== undefined ? esc(comparison.previousScanAt) : 'none: this is the first scan of this scope'}</dd>`,
      `<dt>New failing</dt><dd>${fresh}</dd><dt>Still failing</dt><dd>${existing}</dd>`,
      `<dt>Resolved since</dt><dd>${comparison.resolved.length}</dd>`,
      '</dl>',
    );
  }
  const oldest = dated.slice(0, 5);
  if (oldest.length > 0) {
    parts.push(
      '<h3>Open longest</h3><table><tbody>',
      ...oldest.map((f) => `<tr><td>${esc(resourceLabel(f.resource))}<br><span class="muted">${esc(f.ruleId)}</span></td><td class="num nowrap">open for <strong>${esc(openFor(f.lifecycle?.firstSeen, now) ?? '')}</strong><br><span class="muted">since ${esc((f.lifecycle?.firstSeen ?? '').slice(0, 10))}</span></td></tr>`),
      '</tbody></table>',
    );
  }
  if (parts.length === 0) {
    parts.push('<p class="muted">No history: run with <code>--state</code> or <code>--baseline</code> to see what is new, what was resolved and how long each exposure has been open.</p>');
  }
  return `<div class="panel"><h2>Exposure over time</h2>${parts.join('\n')}</div>`;
}
