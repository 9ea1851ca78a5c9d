/**
 * The state store's bad input through the real CLI: every problem is one line on stderr, exit 2,
 * and a store that cannot be opened stops the scan before any cloud API is called (the endpoint
 * here is a closed port: had the scan started, the error would name the endpoint instead).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'ajar-history-e2e-'));

const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('scan --state: bad or unreachable stores', { timeout: 90_000 }, () => {
  it.each([
    ['mysql://db/ajar', /^ajar: --state: unsupported scheme "mysql:" in "mysql:\/\/db\/ajar"; expected sqlite:\/\/\//],
    ['sqlite://host/state.db', /^ajar: --state: "sqlite:\/\/host\/state.db" names a host/],
    ['postgres://ajar:s3cret@/', /^ajar: --state: "postgres:\/\/ajar:\*\*\*@\/" is not a valid URL; expected/],
  ])('refuses %s with one usage line', async (url, message) => {
    const result = await runCli(['scan', 'aws', '--state', url], emulatorEnv(), work);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('s3cret');
    oneLine(result.stderr);
  });

  it('stops before scanning when PostgreSQL does not answer, and says so', async () => {
    const [dbPort, s3Port] = [await freePort(), await freePort()];
    const result = await runCli(['scan', 'aws', '--endpoint', `http://127.0.0.1:${s3Port}`, '--state', `postgres://ajar:s3cret@127.0.0.1:${dbPort}/ajar`], emulatorEnv(), work);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`ajar: state store postgres://ajar:***@127.0.0.1:${dbPort}/ajar: cannot open it (connect ECONNREFUSED 127.0.0.1:${dbPort}); nothing was scanned\n`);
  });

  it('stops before scanning when the SQLite directory does not exist or the file is not a database', async () => {
    const s3 = `http://127.0.0.1:${await freePort()}`;
    const missing = await runCli(['scan', 'aws', '--endpoint', s3, '--state', 'sqlite:///nonexistent-ajar-dir/state.db'], emulatorEnv(), work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('ajar: state store sqlite:///nonexistent-ajar-dir/state.db: cannot open it (directory /nonexistent-ajar-dir does not exist); nothing was scanned\n');
    writeFileSync(join(work, 'not-a-db.db'), 'a text file, not SQLite');
    const garbage = await runCli(['scan', 'aws', '--endpoint', s3, '--state', 'not-a-db.db'], emulatorEnv(), work);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^ajar: state store sqlite:\/\/\/.*\/not-a-db.db: cannot open it \(.*file is not a database\); nothing was scanned\n$/);
  });

  it('names the config file and key when the URL comes from the config', async () => {
    const dir = mkdtempSync(join(work, 'cfg-'));
    writeFileSync(join(dir, 'ajar.config.yaml'), 'state: redis://cache:6379\n');
    const result = await runCli(['scan', 'aws'], emulatorEnv(), dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ajar: ajar\.config\.yaml: \$\.state: unsupported scheme "redis:"/);
    oneLine(result.stderr);
  });
});

describe('ajar history: usage', { timeout: 90_000 }, () => {
  it('needs a store, refuses a SQLite file that does not exist (without creating it) and an unknown format', async () => {
    const none = await runCli(['history', 'dashcam-images'], {}, work);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('ajar: history: no state store: give --state <url> or the config key `state`\n');

    const missing = await runCli(['history', 'dashcam-images', '--state', 'never-scanned.db'], {}, work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ajar: state store sqlite:\/\/\/.*never-scanned\.db: cannot open it \(no such file: `ajar scan --state` creates it\)\n$/);
    const again = await runCli(['history', 'dashcam-images', '--state', 'never-scanned.db'], {}, work);
    expect(again.stderr).toContain('no such file');

    const format = await runCli(['history', 'x', '--state', 'never-scanned.db', '--format', 'xml'], {}, work);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('ajar: history --format: expected text|json, got "xml"\n');
  });
});
