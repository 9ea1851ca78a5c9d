/** Credentials never reach logs or reports, at the most verbose log level and on error paths too. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { runCli } from '../support/cli.ts';
import { s3Error, s3Request, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';

const SECRET = 'AJARFAKESECRETdoNotLeak0123456789abcdefXYZ';
const TOKEN = 'AJARFAKESESSIONTOKENdoNotLeak9876543210';
const env = { AWS_ACCESS_KEY_ID: 'AKIAAJARTESTKEY00001', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: 'us-east-1' };

describe('secrets stay out of logs and reports', () => {
  let moto: RunningMoto;
  let proxy: FaultProxy;
  const dir = mkdtempSync(join(tmpdir(), 'ajar-secrets-'));

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'leaky', acl: 'public-read' });
    seed.close();
    proxy = await startFaultProxy(moto.endpoint, [
      { match: s3Request('leaky', 'acl'), status: 403, body: s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match') },
    ]);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('never prints the secret key or session token, in any format or log line', async () => {
    const outputs = ['json', 'ndjson', 'sarif'].flatMap((format) => ['--format', format, '--output', join(dir, `report.${format}`)]);
    const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--log-level', 'trace', ...outputs, '--format', 'table'], env);
    expect([1, 3]).toContain(result.code);
    expect(result.stderr).toContain('"level"'); // trace logging really happened
    const everything = [result.stdout, result.stderr, ...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))].join('\n');
    expect(everything).toContain('SignatureDoesNotMatch'); // the error path was exercised
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
  });

  it('masks a password in the --endpoint URL everywhere: logs, errors, every format, the history store', async () => {
    const password = 'AJARENDPOINTPASSWORDdoNotLeak42';
    const withPassword = proxy.endpoint.replace('://', `://ajaruser:${password}@`);
    const out = mkdtempSync(join(tmpdir(), 'ajar-endpoint-secret-'));
    const formats = ['json', 'ndjson', 'sarif', 'junit', 'csv', 'markdown', 'ocsf', 'html'];
    const outputs = formats.flatMap((format) => ['--format', format, '--output', join(out, `report.${format}`)]);
    const state = join(out, 'state.db');
    const result = await runCli(['scan', 'aws', '--endpoint', withPassword, '--log-level', 'trace', '--state', state, ...outputs, '--format', 'table'], env);
    expect([1, 3]).toContain(result.code);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining([...formats.map((f) => `report.${f}`), 'state.db']));
    // The scan really went through that endpoint: the bucket behind it is in the report.
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toContain('leaky');
    const everything = [result.stdout, result.stderr, ...files.map((f) => readFileSync(join(out, f)).toString('latin1'))].join('\n');
    expect(everything).not.toContain(password);
    // Said once, on stderr, as one line.
    expect(result.stderr).toMatch(/^ajar: warning: --endpoint: the user name and password in the URL are not used/m);
  }, 120_000);

  it('keeps secrets out of the unreachable-endpoint error too', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', 'http://127.0.0.1:9', '--log-level', 'trace'], env);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  }, 60_000);
});
