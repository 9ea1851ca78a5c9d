/**
 * `--notify` end to end: the real CLI scans moto and posts to a loopback HTTP receiver playing a
 * generic JSON webhook, Slack and Teams. Only findings that are new against the baseline are
 * sent; a 500 is retried; a webhook that keeps failing is reported on stderr (without its secret
 * path) and leaves the exit code alone.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import type { Report } from '../../src/report/model.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const READ = 'aws-s3-bucket-objects-not-publicly-readable';
const dir = mkdtempSync(join(tmpdir(), 'ajar-notify-'));
const SECRET = 'T0SECRET/B0SECRET/xoxb-do-not-log';

const publicRead = (bucket: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

interface Received {
  path: string;
  contentType: string | undefined;
  body: any;
}

describe('--notify against a loopback receiver', () => {
  let moto: RunningMoto;
  let receiver: Server;
  let base: string;
  let received: Received[] = [];
  /** Status codes to answer, per path, before answering 200. */
  let failures = new Map<string, number[]>();

  const scan = (...extra: string[]) =>
    runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--rules', READ, '--no-progress', '-f', 'json', '-o', join(dir, 'out.json'), ...extra], emulatorEnv());

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        received.push({ path, contentType: req.headers['content-type'], body: JSON.parse(text) });
        const status = failures.get(path)?.shift() ?? 200;
        res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end(status === 200 ? 'ok' : 'try again');
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'known-public', policy: JSON.parse(publicRead('known-public')) });
    await seed.bucket({ name: 'opened-today' });
    seed.close();
    const first = await scan();
    expect(first.code).toBe(1);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: EMULATOR_CREDENTIALS });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'opened-today', Policy: publicRead('opened-today') }));
    s3.destroy();
    // The baseline is the first scan's report.
    copyFileSync(join(dir, 'out.json'), join(dir, 'baseline.json'));
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
    await new Promise<void>((done) => receiver?.close(() => done()));
  });

  beforeEach(() => {
    received = [];
    failures = new Map();
  }, 90_000);

  it('posts only the new finding to JSON, Slack and Teams; a 500 is retried; the exit code is the gate\'s', async () => {
    failures.set('/generic', [500]);
    failures.set(`/slack/${SECRET}`, [429]);
    const result = await scan(
      '--baseline', join(dir, 'baseline.json'), '--fail-on-new',
      '--notify', `${base}/generic`,
      '--notify', `slack+${base}/slack/${SECRET}`,
      '--notify', `teams+${base}/teams`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');

    const generic = received.filter((r) => r.path === '/generic');
    expect(generic).toHaveLength(2); // 500, then 200
    expect(generic[1]!.contentType).toBe('application/json');
    expect(generic[1]!.body).toMatchObject({ schema: 'ajar.notification/v1', event: 'new-failing-findings', count: 1, basis: `baseline:${join(dir, 'baseline.json')}` });
    expect(generic[1]!.body.findings.map((f: { ruleId: string; resource: { name: string } }) => [f.ruleId, f.resource.name])).toEqual([[READ, 'opened-today']]);

    const slack = received.filter((r) => r.path === `/slack/${SECRET}`);
    expect(slack).toHaveLength(2); // 429 with Retry-After: 1, then 200
    expect(slack[1]!.body.text).toBe('ajar: 1 new failing finding (1 critical)');
    expect(slack[1]!.body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
    expect(slack[1]!.body.blocks[1].text.text).toContain('`arn:aws:s3:::opened-today`');

    const teams = received.filter((r) => r.path === '/teams');
    expect(teams).toHaveLength(1);
    expect(teams[0]!.body.type).toBe('message');
    const card = teams[0]!.body.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(JSON.stringify(card.content)).toContain('arn:aws:s3:::opened-today');
    expect(JSON.stringify(card.content)).not.toContain('known-public');
  }, 90_000);

  it('a webhook that keeps failing is one stderr warning without its secret, and the exit code does not change', async () => {
    failures.set(`/slack/${SECRET}`, [503, 503, 503, 503]);
    const result = await scan('--baseline', join(dir, 'baseline.json'), '--fail-on-new', '--fail-on', 'critical', '--notify', `slack+${base}/slack/${SECRET}`);
    expect(received).toHaveLength(4);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`ajar: warning: --notify slack ${base}/…: HTTP 503 after 4 attempt(s); 1 new finding(s) not announced (the exit code is unaffected)\n`);
    expect(result.stderr).not.toContain('SECRET');
  }, 90_000);

  it('debug logs name the webhook by host only', async () => {
    const result = await scan('--baseline', join(dir, 'baseline.json'), '--log-level', 'debug', '--notify', `slack+${base}/slack/${SECRET}`);
    expect(received).toHaveLength(1);
    expect(result.stderr).toContain('notification sent');
    expect(result.stderr).toContain(`slack ${base}/…`);
    expect(result.stderr + result.stdout).not.toContain('SECRET');
  }, 90_000);

  it('nothing new, nothing sent', async () => {
    copyFileSync(join(dir, 'out.json'), join(dir, 'now.json'));
    const result = await scan('--baseline', join(dir, 'now.json'), '--fail-on-new', '--notify', `${base}/generic`);
    expect(result.code).toBe(0);
    expect(received).toEqual([]);
  }, 90_000);

  it('without a baseline every failing finding is sent, and stderr says why', async () => {
    const result = await scan('--notify', `${base}/generic`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ajar: note: --notify without --baseline or --state: every failing finding is announced as new, on every run\n');
    expect(received).toHaveLength(1);
    const names = received[0]!.body.findings.map((f: { resource: { name: string } }) => f.resource.name).sort();
    expect(names).toEqual(['known-public', 'opened-today']);
    expect(received[0]!.body.basis).toMatch(/^nothing/);
    const report: Report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(report.comparison).toBeUndefined();
  }, 90_000);
});
