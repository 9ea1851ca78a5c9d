import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFindings, sendNotifications } from '../../../src/notify/index.ts';
import { CHAT_LIMIT, headline, jsonPayload, slackPayload, teamsPayload } from '../../../src/notify/payloads.ts';
import { backoffMs, DEFAULT_RETRY, postJson, retryAfterMs } from '../../../src/notify/post.ts';
import { parseNotifyTarget } from '../../../src/notify/targets.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable';
const LIST = 'aws-s3-bucket-not-publicly-listable';
const FAST = { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 50 };

describe('parseNotifyTarget', () => {
  it('picks the kind from the host or a prefix and never shows path or query', () => {
    const slack = parseNotifyTarget('https://hooks.slack.com/services/T000/B000/XXXXSECRET');
    expect(slack).toMatchObject({ kind: 'slack', display: 'slack https://hooks.slack.com/…' });
    expect(parseNotifyTarget('https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/x/y').kind).toBe('teams');
    expect(parseNotifyTarget('https://prod-12.westeurope.logic.azure.com:443/workflows/1/triggers/manual/paths/invoke?sig=SECRET').display).toBe('teams https://prod-12.westeurope.logic.azure.com/…');
    expect(parseNotifyTarget('https://siem.example/hook').kind).toBe('json');
    const prefixed = parseNotifyTarget('slack+http://127.0.0.1:8080/hook');
    expect(prefixed).toMatchObject({ kind: 'slack', url: 'http://127.0.0.1:8080/hook' });
    expect(parseNotifyTarget('teams+http://127.0.0.1:8080/x').kind).toBe('teams');
  });

  it('reads the URL from an environment variable with env:NAME', () => {
    expect(parseNotifyTarget('env:HOOK', { HOOK: 'https://hooks.slack.com/services/a/b/c' }).kind).toBe('slack');
    expect(() => parseNotifyTarget('env:HOOK', {})).toThrow('--notify env:HOOK: the environment variable is not set');
  });

  it('a bad value is a usage error that does not echo it', () => {
    expect(() => parseNotifyTarget('hooks.slack.com/services/SECRET')).toThrow(/^--notify: expected an http\(s\) webhook URL/);
    expect(() => parseNotifyTarget('hooks.slack.com/services/SECRET')).not.toThrow(/SECRET/);
    expect(() => parseNotifyTarget('ftp://x/SECRET')).toThrow('--notify: expected an http(s) webhook URL, got a ftp: URL');
  });
});

describe('retry timing', () => {
  it('Retry-After in seconds or as an HTTP date, otherwise exponential backoff, capped', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    // Full jitter: uniformly below base·2^(n-1) (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
    expect([1, 2, 3].map((n) => backoffMs(n, DEFAULT_RETRY, undefined, () => 0.5))).toEqual([250, 500, 1000]);
    expect(backoffMs(20, DEFAULT_RETRY, undefined, () => 0.9999)).toBeLessThan(DEFAULT_RETRY.maxDelayMs);
    expect(backoffMs(1, DEFAULT_RETRY, 120_000)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('payloads', () => {
  const findings = [
    makeFinding(LIST, bucketRef('listable'), 'fail'),
    makeFinding(READ, bucketRef('a&b<c>'), 'fail', { lifecycle: { state: 'new' }, message: 'readable by <anyone>' }),
  ];
  const input = { report: makeReport(), findings, basis: 'baseline:base.json' };

  it('generic JSON carries the findings most severe first, with counts', () => {
    const body = jsonPayload(input) as { count: number; bySeverity: object; findings: { ruleId: string; resource: { id: string } }[]; basis: string };
    expect(body.count).toBe(2);
    expect(body.bySeverity).toEqual({ medium: 1, critical: 1 });
    expect(body.findings.map((f) => f.ruleId)).toEqual([READ, LIST]);
    expect(body.basis).toBe('baseline:base.json');
  });

  it('Slack: fallback text, header, one escaped section per finding, context', () => {
    const body = slackPayload(input) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(body.text).toBe('ajar: 2 new failing findings (1 critical, 1 medium)');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[1]!.text!.text).toBe(`*CRITICAL* \`${READ}\`\n\`arn:aws:s3:::a&amp;b&lt;c&gt;\`\nreadable by &lt;anyone&gt;`);
  });

  it('Slack and Teams cap long lists and say how many were left out', () => {
    const many = Array.from({ length: CHAT_LIMIT + 5 }, (_, i) => makeFinding(READ, bucketRef(`b${i}`), 'fail'));
    const slack = slackPayload({ ...input, findings: many }) as { blocks: { text?: { text: string } }[] };
    expect(slack.blocks).toHaveLength(CHAT_LIMIT + 3);
    expect(slack.blocks.at(-2)!.text!.text).toBe('…and 5 more; see the scan report.');
    const teams = teamsPayload({ ...input, findings: many }) as { attachments: { content: { body: { text?: string }[] } }[] };
    expect(teams.attachments[0]!.content.body.at(-1)!.text).toBe('…and 5 more; see the scan report.');
  });

  it('Teams: an Adaptive Card in a message envelope', () => {
    const body = teamsPayload(input) as { type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string }[] } }[] };
    expect(body.type).toBe('message');
    expect(body.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0]!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(body.attachments[0]!.content.body[0]!.text).toBe(headline(findings));
    expect(body.attachments[0]!.content.body.filter((b) => b.type === 'Container')).toHaveLength(2);
  });

  it('only new findings with a comparison, every failing one without', () => {
    expect(newFindings(findings, true).map((f) => f.resource.name)).toEqual(['a&b<c>']);
    expect(newFindings(findings, false)).toHaveLength(2);
  });
});

describe('postJson against a loopback receiver', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  let script: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      req.resume();
      req.on('end', () => (script.shift() ?? ((_q, r) => r.writeHead(200).end()))(req, res));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    hits = 0;
    script = [(_q, r) => r.writeHead(429, { 'retry-after': '1' }).end()];
    const started = Date.now();
    const outcome = await postJson(url, { a: 1 }, { ...FAST, maxDelayMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, attempts: 2, status: 200, waitedMs: 1000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(hits).toBe(2);
  });

  it('does not retry a 4xx other than 429', async () => {
    hits = 0;
    script = [(_q, r) => r.writeHead(404).end()];
    expect(await postJson(url, {}, FAST)).toMatchObject({ ok: false, attempts: 1, status: 404, problem: 'HTTP 404' });
    expect(hits).toBe(1);
  });

  it('gives up after the last attempt and reports it on stderr without the URL path', async () => {
    script = Array.from({ length: FAST.attempts }, () => (_q: IncomingMessage, r: ServerResponse) => r.writeHead(503).end());
    const lines: string[] = [];
    const target = parseNotifyTarget(`slack+${url}/SECRET-TOKEN`);
    const results = await sendNotifications([target], { report: makeReport(), findings: [makeFinding(READ, bucketRef('x'), 'fail')], basis: 'b' }, pino({ enabled: false }), FAST, (l) => lines.push(l));
    expect(results[0]!.outcome).toMatchObject({ ok: false, attempts: 4, status: 503 });
    expect(lines).toEqual([`ajar: warning: --notify slack http://127.0.0.1:${new URL(url).port}/…: HTTP 503 after 4 attempt(s); 1 new finding(s) not announced (the exit code is unaffected)`]);
  });

  it('a refused connection is retried and named by its error code', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await postJson(`http://127.0.0.1:${port}/`, {}, FAST)).toMatchObject({ ok: false, attempts: 4, problem: 'ECONNREFUSED' });
  });

  it('sends nothing when there is nothing new', async () => {
    hits = 0;
    expect(await sendNotifications([parseNotifyTarget(url)], { report: makeReport(), findings: [], basis: 'b' }, pino({ enabled: false }), FAST)).toEqual([]);
    expect(hits).toBe(0);
  });
});
