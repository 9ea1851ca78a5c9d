/** Bad input: one clear line on stderr naming what is wrong and where, exit 2, no stack trace. */
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/moto.ts';
import { renderInventory } from '../../src/inventory/file.ts';
import { renderJson } from '../../src/report/json.ts';
import { emulatorEnv, expectOneLineUsageError, runCli } from '../support/cli.ts';
import { makeInventory, makeReport, sampleFindings, summarise } from '../support/report-factory.ts';

const BIN = resolve(import.meta.dirname, '../../bin/ajar.js');
const dir = mkdtempSync(join(tmpdir(), 'ajar-bad-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** A sparse file of the given size: its length is real to stat, but no data is written. */
const sparse = (name: string, bytes: number) => {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
};

const BOM = '\uFEFF';
const reportText = () => renderJson(makeReport({ findings: sampleFindings(), summary: summarise(sampleFindings()) }));
const inventoryText = () => renderInventory(makeInventory());

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

// The 64 MiB cap (README "Inputs") is checked with fstat before anything is read or parsed.
describe('oversized input files', () => {
  const huge = sparse('huge.yaml', 65 * 1024 * 1024);
  const cases: [string, string[]][] = [
    ['config', ['scan', 'aws', '--config', huge]],
    ['suppressions', ['scan', 'aws', '--suppressions', huge]],
    ['inventory', ['scan', 'aws', '--inventory', huge]],
    ['baseline', ['scan', 'aws', '--baseline', huge]],
    ['ajar report', ['report', huge]],
    ['ajar diff', ['diff', huge, huge]],
  ];
  for (const [what, args] of cases) {
    it(`${what}: refused by size, fast, naming the file and the limit`, async () => {
      const started = Date.now();
      expectOneLineUsageError(await runCli(args), 'huge.yaml', '65.0 MiB', '64 MiB input limit');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  }
});

describe('YAML alias bomb', () => {
  // "Billion laughs": nine levels of nine aliases each would expand to 9^9 strings.
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i += 1) {
    const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const bomb = file('bomb.yaml', `${levels.join('\n')}\n`);
  for (const [what, flag] of [['config', '--config'], ['suppressions', '--suppressions']] as const) {
    it(`${what}: names the file and the alias problem, not "internal error"`, async () => {
      const result = await runCli(['scan', 'aws', flag, bomb]);
      expectOneLineUsageError(result, 'bomb.yaml', 'YAML aliases');
      expect(result.stderr).not.toContain('internal error');
    });
  }
});

// Windows editors (Notepad, PowerShell's Out-File) write a UTF-8 byte-order mark; RFC 8259 §8.1
// lets a parser ignore it, and JSON.parse does not, so readInputFile strips it once.
describe('a UTF-8 BOM at the start of a JSON input is accepted', () => {
  it('inventory', async () => {
    const inventory = file('bom-inventory.json', BOM + inventoryText());
    const result = await runCli(['scan', 'aws', '--inventory', inventory, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('--baseline', async () => {
    const inventory = file('bom-inventory2.json', inventoryText());
    const baseline = file('bom-baseline.json', BOM + reportText());
    const result = await runCli(['scan', 'aws', '--inventory', inventory, '--baseline', baseline, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).comparison.against).toContain('bom-baseline.json');
  });

  it('ajar report', async () => {
    const report = file('bom-report.json', BOM + reportText());
    const fromFile = await runCli(['report', report, '--format', 'json']);
    expect(fromFile.stderr).toBe('');
    expect(JSON.parse(fromFile.stdout).findings).toHaveLength(sampleFindings().length);
  });

  it('ajar report - (standard input)', () => {
    const result = spawnSync(process.execPath, [BIN, 'report', '-', '--format', 'json'], { input: BOM + reportText(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).findings).toHaveLength(sampleFindings().length);
  });

  it('ajar diff', async () => {
    const report = file('bom-diff.json', BOM + reportText());
    const result = await runCli(['diff', report, report]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('JSON config and JSON suppressions', async () => {
    const inventory = file('bom-inventory3.json', inventoryText());
    const config = file('bom-config.json', `${BOM}{"failOn": "critical"}`);
    const ignore = file('bom-ignore.json', `${BOM}{"suppressions": []}`);
    const result = await runCli(['scan', 'aws', '--inventory', inventory, '--config', config, '--suppressions', ignore, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

// Number('0x10') is 16 and Number(' 4') is 4: counts are plain decimal digits or refused.
describe('strict numeric flags', () => {
  const cases: [string, string][] = [
    ['--concurrency', '0x10'],
    ['--concurrency', '1e2'],
    ['--concurrency', '4.5'],
    ['--concurrency', ' 4'],
    ['--concurrency', '-1'],
    ['--concurrency', '0'],
    ['--max-public-prefix', '0x10'],
    ['--max-public-prefix', '1e1'],
    ['--max-public-prefix-v6', ' 64'],
  ];
  for (const [flag, value] of cases) {
    it(`${flag} ${JSON.stringify(value)} is refused`, async () => {
      const expected = flag === '--concurrency' ? 'expected a positive decimal integer up to 512' : 'expected a prefix length from 0 to';
      expectOneLineUsageError(await runCli(['scan', 'aws', `${flag}=${value}`]), flag, expected, JSON.stringify(value));
    });
  }
});

// YAML's core schema reads 0x10, 0o20 and 1e2 as numbers (https://yaml.org/spec/1.2.2/#1023-core-schema).
describe('strict numeric config values', () => {
  const cases: [string, string, string][] = [
    ['concurrency: 0x10\n', 'hex-concurrency.yaml:1:14', '0x10'],
    ['concurrency: 1e2\n', 'exp-concurrency.yaml:1:14', '1e2'],
    ['concurrency: 0o20\n', 'oct-concurrency.yaml:1:14', '0o20'],
    ['{"concurrency": 1e2}', 'exp-concurrency.json:1:17', '1e2'],
    ['network: { maxPublicPrefix: 0x10 }\n', 'hex-prefix.yaml:1:29', '0x10'],
  ];
  for (const [text, where, value] of cases) {
    it(`${text.trim()} is refused`, async () => {
      const config = file(where.slice(0, where.indexOf(':')), text);
      expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), where, 'expected a plain decimal number', value);
    });
  }
});

// An empty list names nothing; it must not widen to "all" (`--rules ''` used to run every rule).
describe('empty comma lists', () => {
  const cases: [string[], string][] = [
    [['scan', 'aws', '-f', ','], '--format'],
    [['scan', 'aws', '--rules', ''], '--rules'],
    [['scan', 'aws', '--rules', ','], '--rules'],
    [['scan', 'aws', '--regions', ''], '--regions'],
    [['scan', 'aws', '--regions', 'eu-west-1,,us-east-1'], '--regions'],
    [['scan', 'aws', '--trusted-account', ','], '--trusted-account'],
    [['scan', 'azure', '--subscription', ''], '--subscription'],
    [['scan', 'gcp', '--project', ','], '--project'],
    [['rules', '--rules', ''], '--rules'],
    [['permissions', 'aws', '--rules', ','], '--rules'],
    [['report', 'missing.json', '-f', ','], '--format'],
  ];
  for (const [args, flag] of cases) {
    it(`${args.join(' ')} is refused`, async () => {
      expectOneLineUsageError(await runCli(args), flag, 'non-empty');
    });
  }

  it.each([
    ['aws:\n  regions: []\n', '$.aws.regions', 'at least one region'],
    ['azure:\n  subscriptions: []\n', '$.azure.subscriptions', 'at least one subscription'],
    ['gcp:\n  projects: []\n', '$.gcp.projects', 'at least one project'],
  ])('config %j: an empty scope list is refused, not read as "all"', async (text, path, expected) => {
    const config = file('empty-scope.yaml', text);
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), 'empty-scope.yaml:2:', path, expected);
  });

  it('config `rules: []` is refused too', async () => {
    const config = file('empty-rules.yaml', 'rules: []\n');
    expectOneLineUsageError(await runCli(['scan', 'aws', '--config', config]), 'empty-rules.yaml:1:8', '$.rules');
  });
});

describe('output paths the user can fix', () => {
  const unreachable = 'http://127.0.0.1:9'; // discard port: nothing listens, so a scan would fail loudly

  it('-o <existing directory>: named, before any API call', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', unreachable, '-f', 'json', '-o', dir], emulatorEnv());
    expectOneLineUsageError(result, `--output ${dir}`, 'is a directory');
  });

  it('-o into a directory ajar cannot write in', async () => {
    // As root, mode 0555 does not stop a write, so under root the test uses a path below a
    // regular file instead (ENOTDIR): an unwritable place either way, refused before the scan.
    const asRoot = process.getuid?.() === 0;
    let target: string;
    if (asRoot) target = join(file('plain-file', 'x'), 'report.json');
    else {
      const locked = join(dir, 'locked');
      mkdirSync(locked, { mode: 0o555 });
      target = join(locked, 'report.json');
    }
    const result = await runCli(['scan', 'aws', '--endpoint', unreachable, '-f', 'json', '-o', target], emulatorEnv());
    expectOneLineUsageError(result, `--output ${target}`, asRoot ? 'is not a directory' : 'cannot write in directory');
  });

  it('-o "" is refused, not taken as stdout', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '-f', 'json', '-o', '']), '--output', 'expected a file path');
  });

  it('ajar collect -o <directory> and ajar report -o <directory>', async () => {
    expectOneLineUsageError(await runCli(['collect', 'aws', '--endpoint', unreachable, '-o', dir], emulatorEnv()), `--output ${dir}`, 'is a directory');
    const report = file('for-o.json', reportText());
    expectOneLineUsageError(await runCli(['report', report, '-f', 'html', '-o', dir]), `--output ${dir}`, 'is a directory');
  });
});

describe('malformed endpoint URLs', () => {
  const cases: [string, string][] = [
    ['http://127.0.0.1:99999', 'port 99999 is out of range'],
    ['http://127.0.0.1:0', 'port 0'],
    ['ftp://127.0.0.1:21', 'unsupported scheme "ftp:"'],
    ['http://', 'not a valid URL'],
    ['127.0.0.1:9000', 'not a valid URL'],
    ['http://bad host', 'not a valid URL'],
  ];
  for (const [url, why] of cases) {
    it(`--endpoint ${url}`, async () => {
      expectOneLineUsageError(await runCli(['scan', 'aws', '--endpoint', url], emulatorEnv()), '--endpoint', why);
    });
  }

  it('--azure-endpoint and --gcp-endpoint with an invalid port', async () => {
    expectOneLineUsageError(await runCli(['scan', 'azure', '--azure-endpoint', 'https://127.0.0.1:70000']), '--azure-endpoint', 'port 70000');
    expectOneLineUsageError(await runCli(['scan', 'gcp', '--gcp-endpoint', 'http://127.0.0.1:123456']), '--gcp-endpoint', 'port 123456');
  });

  it('a password in a malformed endpoint is masked in the error line', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', 'http://user:hunter2@127.0.0.1:99999'], emulatorEnv());
    expectOneLineUsageError(result, 'user:***@');
    expect(result.stderr).not.toContain('hunter2');
  });
});

/** Every stderr line is one of ajar's: a pino JSON log line or an `ajar: ` line. */
function expectOnlyAjarLines(stderr: string) {
  for (const line of stderr.trimEnd().split('\n')) {
    if (line.startsWith('{')) expect(() => JSON.parse(line)).not.toThrow();
    else expect(line).toMatch(/^ajar: /);
  }
}

describe('AWS profiles and library warnings', () => {
  it('--profile nosuchprofile names the profile (no config files at all)', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', '--profile', 'nosuchprofile']), '--profile nosuchprofile', 'no credentials from that AWS profile');
  });

  it('--profile nosuchprofile names the profile (config files without it)', async () => {
    const config = file('aws-config', '[default]\nregion = us-east-1\n');
    const credentials = file('aws-credentials', '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n');
    const result = await runCli(['scan', 'aws', '--profile', 'nosuchprofile'], { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    expectOneLineUsageError(result, '--profile nosuchprofile');
  });

  it('a profile and static keys both set: the SDK notice is one log line, not a paragraph', async () => {
    const config = file('aws-config-p1', '[profile p1]\nregion = us-east-1\n');
    const credentials = file('aws-credentials-p1', '[p1]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n');
    const env = emulatorEnv({ AWS_PROFILE: 'p1', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    const result = await runCli(['scan', 'aws', '--endpoint', 'http://127.0.0.1:9'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\{.*Multiple credential sources detected.*\}$/m);
    expectOnlyAjarLines(result.stderr);
  }, 60_000);

  // pg-connection-string announces its sslmode change through process.emitWarning, as a
  // multi-paragraph text that Node prints with a "(node:PID)" prefix and a --trace-warnings hint.
  it('pg sslmode notice, before a logger exists (ajar history): one ajar: warning line', async () => {
    const result = await runCli(['history', 'x', '--state', 'postgres://u@127.0.0.1:9/db?sslmode=require']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ajar: warning: SECURITY WARNING: The SSL modes .*libpq-ssl\.html.*$/m);
    expect(result.stderr).not.toContain('(node:');
    expectOnlyAjarLines(result.stderr);
  });

  it('pg sslmode notice during a scan: one log line', async () => {
    const inventory = file('pg-inventory.json', inventoryText());
    const result = await runCli(['scan', 'aws', '--inventory', inventory, '--state', 'postgres://u@127.0.0.1:9/db?sslmode=require']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\{.*SECURITY WARNING.*\}$/m);
    expectOnlyAjarLines(result.stderr);
  });
});
