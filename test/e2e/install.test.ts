/**
 * What a user gets from `npm install -g ajar`: the tarball `npm pack` makes (its prepack compiles
 * dist/), installed globally into a temporary prefix, run through the installed `ajar` shim under
 * Node 22 (the oldest release package.json's engines admit) and Node 24. The packing happens in a
 * copy of the sources so the checkout gets no dist/ of its own. Dependencies come from the npm
 * cache or the registry (--prefer-offline), as for a user.
 *
 * Node 22 is installed by the test-environment setup (scripts/lib/node22.ts); this test only looks
 * for it. https://docs.npmjs.com/cli/v11/using-npm/scripts#life-cycle-scripts (prepack)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { node22Binary, NODE22_DIR } from '../../scripts/lib/node22.ts';
import { ISOLATED_AWS_ENV, runProcess } from '../support/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version;

/** The npm on PATH, run by this test's node (npm's shebang is `env node`). */
const npm = (args: string[], cwd: string) => {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};

/** Runs the installed shim with `node` resolving to the given binary, as `#!/usr/bin/env node` does. */
const runInstalled = (node: string, shim: string, args: string[], env: Record<string, string> = {}) =>
  runProcess(shim, args, { PATH: `${dirname(node)}:/usr/bin:/bin`, HOME: process.env.HOME ?? tmpdir(), ...ISOLATED_AWS_ENV, ...env });

describe('installed from the npm tarball', () => {
  let shim: string;
  let files: string[];
  let moto: RunningMoto;
  /** The copy, the tarball and the installed prefix (some 200 MB of dependencies). */
  let work: string | undefined;
  const node22 = node22Binary();

  beforeAll(async () => {
    const [started] = await Promise.all([
      startMoto(),
      (async () => {
        work = mkdtempSync(join(tmpdir(), 'ajar-pack-'));
        const source = join(work, 'source');
        for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin', 'src', 'rules', 'scripts']) {
          cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
        }
        symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
        const out = join(work, 'out');
        mkdirSync(out);
        npm(['pack', '--pack-destination', out, '--silent'], source);
        const tarball = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
        files = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
        const prefix = join(work, 'prefix');
        npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], work!);
        shim = join(prefix, 'bin/ajar');
      })(),
    ]);
    moto = started;
    await seeder(moto.endpoint).bucket({ name: 'install-check-public', acl: 'public-read' });
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the compiled CLI, not the TypeScript sources', () => {
    expect(files).toEqual(expect.arrayContaining(['package/bin/ajar.js', 'package/dist/src/cli/main.js', 'package/dist/rules/index.js', 'package/README.md', 'package/LICENSE', 'package/CHANGELOG.md', 'package/package.json']));
    expect(files.filter((f) => f.startsWith('package/src/') || f.endsWith('.ts'))).toEqual([]);
    expect(existsSync(shim)).toBe(true);
  });

  it('finds Node 22 (installed by the test-environment setup)', () => {
    expect(node22, `no Node 22 under ${NODE22_DIR}: run the test-environment setup (scripts/lib/node22.ts ensureNode22)`).toBeDefined();
  });

  for (const [label, node] of [
    ['Node 24', () => process.execPath],
    ['Node 22', () => node22],
  ] as const) {
    it(`runs --version, rules and a scan against moto under ${label}`, async () => {
      const bin = node();
      if (!bin) throw new Error(`no Node 22 under ${NODE22_DIR}: run the test-environment setup (scripts/lib/node22.ts ensureNode22)`);
      const major = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
      expect(major).toMatch(label === 'Node 22' ? /^v22\./ : /^v24\./);

      const version = await runInstalled(bin, shim, ['--version']);
      expect(version.stderr).toBe('');
      expect(version.stdout.trim()).toBe(VERSION);

      const rules = await runInstalled(bin, shim, ['rules', '--format', 'json']);
      expect(rules.code).toBe(0);
      expect(JSON.parse(rules.stdout).length).toBeGreaterThanOrEqual(10);

      const scan = await runInstalled(bin, shim, ['scan', 'aws', '--endpoint', moto.endpoint, '--format', 'json'], { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
      expect(scan.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
      expect(scan.code, scan.stderr).toBe(1);
      expect(scan.stdout).toContain('install-check-public');
    }, 60_000);
  }
});
