import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderHtml } from '../../../src/report/html.ts';
import { esc } from '../../../src/report/html/escape.ts';
import { MAX_LISTED_PASSES } from '../../../src/report/html/findings.ts';
import { bucketRef, makeFinding, makeReport, RULES } from '../../support/report-factory.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../../support/monitored-report.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const between = (html: string, open: string, close: string): string[] =>
  [...html.matchAll(new RegExp(`${open}([\\s\\S]*?)${close}`, 'g'))].map((m) => m[1] ?? '');
/** The start tags of real elements (text is escaped, so every `<` followed by a letter opens one). */
const tags = (html: string): string[] => html.replace(/<(style|script)>[\s\S]*?<\/\1>/g, '').match(/<[a-zA-Z][^>]*>/g) ?? [];
const attributes = (html: string): [string, string][] =>
  tags(html).flatMap((tag) => [...tag.matchAll(/\s([a-zA-Z-:]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? ''] as [string, string]));
/** Every value of an attribute that loads or links a URL. */
const urlAttributes = (html: string): string[] =>
  attributes(html).filter(([name]) => ['src', 'href', 'action', 'formaction', 'poster', 'data', 'xlink:href', 'srcset'].includes(name)).map(([, value]) => value);
/** The <details> entry for a resource name. */
const entry = (html: string, name: string): string => {
  const found = between(html, '<details class="finding"', '</details>').find((e) => e.includes(`<span class="res">${esc(name)}</span>`));
  if (found === undefined) throw new Error(`no entry for ${name}`);
  return found;
};

describe('renderHtml', () => {
  it('declares a CSP that admits only its own inline style and script, by hash', () => {
    const html = renderHtml(makeMonitoredReport());
    const styles = between(html, '<style>', '</style>');
    const scripts = between(html, '<script>', '</script>');
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    const csp = contentSecurityPolicy();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`);
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain(`style-src ${sha(styles[0]!)}`);
    expect(csp).toContain(`script-src ${sha(scripts[0]!)}`);
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    const elements = new Set(tags(html).map((tag) => /^<([a-zA-Z0-9]+)/.exec(tag)![1]!.toLowerCase()));
    for (const banned of ['link', 'img', 'iframe', 'object', 'embed', 'base', 'frame', 'video', 'audio', 'source', 'image', 'use']) expect(elements.has(banned), banned).toBe(false);
    expect(html).not.toMatch(/<script[^>]/);
    const names = attributes(html).map(([name]) => name);
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((name) => name === 'style' || name.startsWith('on'))).toEqual([]);
    expect(html).not.toMatch(/http-equiv="refresh"/i);
  });

  it('has no URL in src/href except the rules’ web references, shown as plain links', () => {
    const report = makeMonitoredReport();
    report.rules = report.rules.map((rule, i) => (i === 0 ? { ...rule, references: [...rule.references, 'javascript:alert(document.domain)', 'data:text/html,x'] } : rule));
    const html = renderHtml(report);
    const allowed = new Set(RULES.flatMap((rule) => rule.references));
    const urls = urlAttributes(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(allowed.has(url), url).toBe(true);
    for (const link of html.match(/<a [^>]*>/g) ?? []) expect(link).toMatch(/^<a href="https:\/\/[^"]+" rel="noopener noreferrer" target="_blank">$/);
    expect(html).toContain('<li>javascript:alert(document.domain)</li>');
  });

  it('escapes every report string: a hostile bucket name, message and trace ref stay text', () => {
    const html = renderHtml(makeMonitoredReport());
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('<span class="res">&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(html).toContain('<code>&quot;&gt;&lt;svg onload=alert(2)&gt;</code>');
    expect(html).toContain('evil &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(esc(`&<>"'\u0000`)).toBe('&amp;&lt;&gt;&quot;&#39;\ufffd');
  });

  it('summarises by severity (suppressed apart) and by provider', () => {
    const html = renderHtml(makeMonitoredReport());
    expect(html).toContain('<h2>Summary: 4 failing findings</h2>');
    expect(html).toContain('<div class="card sev-critical"><div class="n">2</div><div class="l">critical failing</div></div>');
    expect(html).toContain('<div class="card sev-medium"><div class="n">0</div>');
    expect(html).toContain('<div class="card"><div class="n">1</div><div class="l">suppressed</div></div>');
    // critical high medium low info | unknown error suppressed pass | resources
    const cells = (provider: string) => [...new RegExp(`<tr><th scope="row">${provider}</th>(.*?)</tr>`).exec(html)![1]!.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells('AWS')).toEqual([2, 1, 0, 1, 0, 1, 1, 1, 2, 8]);
    expect(cells('Azure')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(html).toMatch(/<svg class="bar"[^>]*>(<rect class="(critical|high|low)"[^>]*><title>[^<]+<\/title><\/rect>){3}<\/svg>/);
  });

  it('shows exposure age, new/existing, suppression, resolved findings and suppression problems', () => {
    const html = renderHtml(makeMonitoredReport());
    const dashcam = entry(html, 'dashcam-images');
    expect(dashcam).toContain('<span class="badge b-existing">existing</span>');
    expect(dashcam).toContain('<span class="age open">open for 3 years 1 month</span>');
    expect(dashcam).toContain('<dt>First seen</dt><dd>2022-01-10T08:00:00.000Z</dd>');
    expect(entry(html, 'customer-uploads')).toContain('<span class="age open">new in this scan</span>');
    const suppressed = entry(html, 'backups/2024 q1?');
    expect(suppressed).toContain('data-status="suppressed"');
    expect(suppressed).toContain('<h3>Suppressed</h3><dl class="kv"><dt>Reason</dt><dd>public dataset by design</dd><dt>Owner</dt><dd>data-team</dd><dt>Until</dt><dd>2025-12-31</dd>');
    expect(suppressed).toContain('<span class="age">open for 9 months</span>');
    const resolved = entry(html, 'old-uploads');
    expect(resolved).toContain('data-status="resolved"');
    expect(resolved).toContain('It had been open for 1 year 10 months.');
    expect(html).toContain('<dt>Compared with</dt><dd><code>state:sqlite:/var/lib/ajar/state.db</code></dd>');
    expect(html).toContain('<dt>New failing</dt><dd>2</dd><dt>Still failing</dt><dd>2</dd>');
    expect(html).toMatch(/<strong>Expired suppressions \(1\)<\/strong>.*<code>aws-s3-bucket-website-disabled<\/code> on <code>arn:aws:s3:::promo-site<\/code> expired 2025-01-31/);
    expect(html).toMatch(/<strong>Stale suppressions \(1\)<\/strong>.*<code>arn:aws:s3:::deleted-bucket<\/code>/);
    expect(html).toContain('<strong>Not scanned (1)</strong>');
    expect(html).toContain('<strong>Collection errors (1)</strong>');
  });

  it('gives each finding its reason trace, unreadable facets and remediation', () => {
    const html = renderHtml(makeReport());
    const dashcam = entry(html, 'dashcam-images');
    expect(dashcam).toContain('<h3>Reason trace</h3><ol class="trace"><li><span class="layer">account-bpa</span> <span class="eff eff-note">note</span> account Block Public Access is not configured</li><li><span class="layer">bucket-policy</span> <code>PublicRead</code> <span class="eff eff-grants">grants</span> Allow s3:GetObject to Principal &quot;*&quot;</li></ol>');
    expect(dashcam).toContain('<h3>Remediation</h3><p>Turn on S3 Block Public Access for the bucket and remove public grants.</p><pre><code>aws s3api put-public-access-block');
    expect(entry(html, 'billing-exports')).toContain('<h3>Could not read</h3><ul><li><code>policy</code>: GetBucketPolicy returned <code>AccessDenied</code> Access Denied</li></ul>');
    expect(html).toContain('No history: run with <code>--state</code> or <code>--baseline</code>');
  });

  it('tags entries for the filters and hides passing checks until asked for', () => {
    const html = renderHtml(makeMonitoredReport());
    const entries = between(html, '<details class="finding"', '>');
    expect(entries).toHaveLength(10);
    const hidden = entries.filter((e) => e.endsWith(' hidden'));
    expect(hidden).toHaveLength(2);
    for (const e of hidden) expect(e).toContain('data-status="pass"');
    expect(html).toContain('<input type="checkbox" data-filter="status" value="pass"> pass <span class="muted">2</span>');
    expect(html).toContain('<input type="checkbox" data-filter="status" value="fail" checked> fail <span class="muted">4</span>');
    expect(html).toContain('<input type="checkbox" data-filter="provider" value="aws" checked> AWS <span class="muted">10</span>');
    expect(html).toContain('Showing <strong id="shown">8</strong> of 10');
    expect(entry(html, 'dashcam-images')).toMatch(/^ data-provider="aws" data-severity="critical" data-status="fail" data-search="dashcam-images arn:aws:s3:::dashcam-images aws-s3-bucket-not-publicly-readable /);
  });

  it('lists at most MAX_LISTED_PASSES passing checks and counts the rest, but lists every failure', () => {
    const findings = [
      ...Array.from({ length: MAX_LISTED_PASSES + 25 }, (_, i) => makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef(`ok-${i}`), 'pass')),
      ...Array.from({ length: 30 }, (_, i) => makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef(`open-${i}`), 'fail')),
    ];
    const html = renderHtml(makeReport({ findings }));
    const entries = between(html, '<details class="finding"', '>');
    expect(entries.filter((e) => e.includes('data-status="pass"'))).toHaveLength(MAX_LISTED_PASSES);
    expect(entries.filter((e) => e.includes('data-status="fail"'))).toHaveLength(30);
    expect(html).toContain('<p class="muted">25 more passing checks are counted but not listed here; the JSON and CSV formats list every check.</p>');
    expect(html).toContain(`Showing <strong id="shown">30</strong> of ${MAX_LISTED_PASSES + 30}`);
  });

  it('renders an empty report', () => {
    const html = renderHtml(makeReport({ findings: [], collectionErrors: [], scope: [{ provider: 'gcp', account: 'p' }] }));
    expect(html).toContain('<p id="empty" class="panel muted">No findings.</p>');
    expect(html).toContain('<h2>Summary: 0 failing findings</h2>');
    expect(html).not.toContain('<svg class="bar"');
  });

  it('heads a failing finding with what is wrong, not with the compliant-state rule title', () => {
    const open = makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('open-bucket'), 'fail', { message: 'Bucket open-bucket lets anyone read its objects: policy statement PublicRead' });
    const html = renderHtml(makeReport({ findings: [open] }));
    expect(entry(html, 'open-bucket')).toContain('<span class="rule">Bucket open-bucket lets anyone read its objects</span>');
  });

  it('renders a finding whose rule is missing from the report and a first-seen that is not a time', () => {
    const stray = makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('stray'), 'fail', { ruleId: 'gone-rule', title: 'A rule no longer shipped', lifecycle: { state: 'existing', firstSeen: 'yesterday' } });
    const html = renderHtml(makeReport({ findings: [stray] }));
    expect(entry(html, 'stray')).toContain('A rule no longer shipped');
    expect(entry(html, 'stray')).not.toContain('open for');
  });
});
