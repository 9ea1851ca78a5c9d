/** Bad input: one clear line on stderr naming what is wrong and where, exit 2, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli, type CliResult } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ajar-bad-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function expectOneLineUsageError(result: CliResult, ...fragments: string[]) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ajar: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
}

describe('bad input', () => {
  it('malformed YAML config: names the file, line and column', async () => {
    const config = file('broken.yaml', 'failOn: high\nrules: [aws-s3-*\nconcurrency: 4\n');
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), 'broken.yaml:', 'not valid YAML');
  });

  it('config value of the wrong type: names the file, the position and the path', async () => {
    const config = file('wrong.yaml', 'failOn: high\nconcurrency: fast\n');
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), 'wrong.yaml:2:14', '$.concurrency', 'expected number');
  });

  it('unknown key in a JSON config', async () => {
    const config = file('extra.json', '{"failOn": "high", "aws": {"regoins": ["eu-west-1"]}}');
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), 'extra.json', '$.aws', 'regoins');
  });

  it('config file that does not exist', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', join(dir, 'missing.yaml')]), 'missing.yaml', 'no such file');
  });

  it('unknown rule id', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--rules', 'aws-s3-bucket-made-up']), 'unknown rule id "aws-s3-bucket-made-up"');
  });

  it('unknown format', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--format', 'xml']), '--format', 'unknown report format "xml"');
  });

  it('unknown severity for --fail-on', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--fail-on', 'severe']), '--fail-on', 'critical|high|medium|low|info');
  });

  it('two formats to stdout', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--format', 'json', '--format', 'sarif']), 'json and sarif would both go to stdout');
  });

  it('unknown option', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--regoins', 'eu-west-1']), "unknown option '--regoins'");
  });

  it('unreachable endpoint', async () => {
    const port = await freePort();
    const result = await runCli(['scan', 'aws', '--endpoint', `http://127.0.0.1:${port}`], emulatorEnv());
    expectOneLineUsageError(result, `cannot reach http://127.0.0.1:${port}`, 'ECONNREFUSED');
  }, 60_000);
});
