/**
 * The HTML report in a real browser (headless Debian Chromium): the page renders with its styles
 * and script admitted by the CSP, the filters work, hostile names stay text, and the page makes no
 * network request, proven against a loopback server that counts what reaches it (and shown to
 * count: the same page without its CSP, with an injected image, does reach it).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/index.ts';
import { dumpDom, screenshot } from '../support/chromium.ts';
import { runCli } from '../support/cli.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../support/monitored-report.ts';
import { colourCounts, decodePng } from '../support/png.ts';

const work = mkdtempSync(join(tmpdir(), 'ajar-html-'));
const page = join(work, 'report.html');

/** <details> start tags in the DOM, with whether each is hidden. */
const entries = (dom: string) =>
  [...dom.matchAll(/<details class="finding" data-provider="(\w+)" data-severity="(\w+)" data-status="(\w+)"[^>]*?( hidden(?:="")?)?>/g)].map((m) => ({
    provider: m[1],
    severity: m[2],
    status: m[3],
    hidden: m[4] !== undefined,
  }));

describe('HTML report in headless Chromium', { timeout: 120_000 }, () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/gif' }).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // Loopback URLs everywhere a careless reporter could turn them into a request: a reference,
    // a resource name, a message and a trace step.
    const report = makeMonitoredReport();
    report.rules = report.rules.map((rule) => ({ ...rule, references: [...rule.references, `${base}/reference-link`] }));
    const extra = structuredClone(report.findings[0]!);
    extra.resource = { ...extra.resource, name: `<img src="${base}/name-img">`, id: 'arn:aws:s3:::loopback' };
    extra.fingerprint = 'e'.repeat(32);
    extra.message = `<link rel="stylesheet" href="${base}/message-css"><script src="${base}/message-js"></script>`;
    extra.trace = [{ layer: 'bucket-policy', ref: `<iframe src="${base}/ref-frame">`, effect: 'grants', detail: `url(${base}/detail-css)` }];
    report.findings.push(extra);
    writeFileSync(join(work, 'report.json'), renderJson(report));
    const result = await runCli(['report', join(work, 'report.json'), '--format', 'html', '--output', page]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  }, 180_000);

  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it('runs the page script (admitted by its CSP hash) and shows the findings as text', async () => {
    const dom = await dumpDom(page);
    expect(dom).toMatch(/<html lang="en" data-ready="true">/);
    expect(dom).toContain('<h2>Summary: 5 failing findings</h2>');
    expect(dom).toContain('open for 3 years 1 month');
    expect(dom).toContain('<span class="res">dashcam-images</span>');
    expect(dom).toContain('<span class="badge b-suppressed">suppressed</span>');
    expect(dom).toContain('<span class="badge b-resolved">resolved</span>');
    // The hostile name is a text node, not an element.
    expect(dom).toContain('<span class="res">&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(dom).not.toContain(HOSTILE_NAME);
    expect(dom).not.toMatch(/<(img|iframe|link)[\s>]/);
    // Default view: everything but passing checks.
    const list = entries(dom);
    expect(list).toHaveLength(11);
    expect(list.filter((e) => e.hidden).map((e) => e.status)).toEqual(['pass', 'pass']);
    expect(dom).toContain('Showing <strong id="shown">9</strong> of 11');
  });

  it('filters by severity, status and provider from the page script', async () => {
    const dom = await dumpDom(page, '#severity=critical&status=fail,pass');
    const shown = entries(dom).filter((e) => !e.hidden);
    expect(shown.length).toBe(3); // two critical failures (the hostile name, dashcam-images) and one critical pass
    for (const e of shown) expect([e.severity, ['fail', 'pass'].includes(e.status!)]).toEqual(['critical', true]);
    expect(dom).toContain('Showing <strong id="shown">3</strong> of 11');

    const none = await dumpDom(page, '#provider=gcp');
    expect(entries(none).every((e) => e.hidden)).toBe(true);
    expect(none).toMatch(/<p id="empty" class="panel muted">No finding matches the filters\.<\/p>/);

    const search = await dumpDom(page, '#q=customer&status=fail,unknown,error,suppressed,resolved,pass');
    expect(entries(search).filter((e) => !e.hidden)).toHaveLength(1);
  });

  it('draws a styled, non-blank page (CSS admitted by its CSP hash)', async () => {
    const image = decodePng(await screenshot(page, join(work, 'report.png'), '1280,1800'));
    expect([image.width, image.height]).toEqual([1280, 1800]);
    const colours = colourCounts(image);
    expect(colours.size).toBeGreaterThan(200); // text, badges, cards: not a blank or single-colour page
    // Pixels in the page's own palette prove the stylesheet applied: background, critical red, pass green.
    expect(colours.get('#f6f7f9') ?? 0).toBeGreaterThan(100_000);
    expect(colours.get('#b3001b') ?? 0).toBeGreaterThan(2_000);
    expect(colours.get('#2b8a3e') ?? 0).toBeGreaterThan(200);
  });

  it('makes no network request, even with loopback URLs in every report string', async () => {
    requests.length = 0;
    await dumpDom(page);
    await screenshot(page, join(work, 'again.png'), '1280,3000');
    expect(requests).toEqual([]);
    expect(readFileSync(page, 'utf8')).toContain(`<a href="${base}/reference-link" rel="noopener noreferrer" target="_blank">`);
  });

  it('its CSP blocks even markup injected into the page, and without the CSP the same markup is fetched', async () => {
    const html = readFileSync(page, 'utf8');
    const injection = `<img src="${base}/injected-img"><link rel="stylesheet" href="${base}/injected-css">`;
    const tampered = join(work, 'tampered.html');
    writeFileSync(tampered, html.replace('<main>', `<main>${injection}`));
    requests.length = 0;
    await dumpDom(tampered);
    expect(requests).toEqual([]);

    const unprotected = join(work, 'unprotected.html');
    writeFileSync(unprotected, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('<main>', `<main>${injection}`));
    await dumpDom(unprotected);
    expect(requests.sort()).toEqual(['/injected-css', '/injected-img']);
  });
});
