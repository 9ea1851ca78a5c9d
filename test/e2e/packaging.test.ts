/**
 * What the container image runs: the compiled dist/ without the TypeScript sources, started through
 * bin/ajar.js, and a Dockerfile that hadolint (pinned, from PyPI, installed by the setup step) accepts. No Docker engine exists
 * here, so the image itself is checked by reading and linting, and its payload by running it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateHadolint } from '../../scripts/lib/pipeline-tools.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** tsc output for the build config, compiled once and copied into each test's image directory. */
let compiled: string | undefined;
function compiledDist(): string {
  if (compiled) return compiled;
  const out = join(mkdtempSync(join(tmpdir(), 'ajar-tsc-')), 'dist');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { encoding: 'utf8' });
  if (tsc.status !== 0 || tsc.stdout + tsc.stderr !== '') throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
  compiled = out;
  return out;
}

describe('packaging', () => {
  it('Dockerfile passes hadolint', () => {
    const result = spawnSync(locateHadolint(), [join(ROOT, 'Dockerfile')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the compiled dist/ runs without the TypeScript sources', () => {
    const image = mkdtempSync(join(tmpdir(), 'ajar-dist-'));
    cpSync(compiledDist(), join(image, 'dist'), { recursive: true });
    mkdirSync(join(image, 'bin'));
    cpSync(join(ROOT, 'bin/ajar.js'), join(image, 'bin/ajar.js'));
    cpSync(join(ROOT, 'package.json'), join(image, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(image, 'node_modules'));
    expect(existsSync(join(image, 'src'))).toBe(false);
    const rules = spawnSync(process.execPath, [join(image, 'bin/ajar.js'), 'rules', '--format', 'json'], { encoding: 'utf8' });
    expect(rules.status).toBe(0);
    expect(JSON.parse(rules.stdout).length).toBeGreaterThanOrEqual(10);
    const version = spawnSync(process.execPath, [join(image, 'bin/ajar.js'), '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 180_000);

  it("the image's production-only, slimmed dependencies load and run the CLI", () => {
    // The build stage's prune and its exact slimming command, applied to a hard-linked copy of
    // node_modules (unlinking in the copy leaves the checkout's files alone).
    const slim = /find node_modules .*-delete/.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[0];
    expect(slim).toBeDefined();
    const image = mkdtempSync(join(tmpdir(), 'ajar-slim-'));
    const copy = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(image, 'node_modules')], { encoding: 'utf8' });
    expect(copy.stderr).toBe('');
    cpSync(join(ROOT, 'package.json'), join(image, 'package.json'));
    cpSync(join(ROOT, 'package-lock.json'), join(image, 'package-lock.json'));
    // As the build stage does: production dependencies only (pruning works offline).
    const prune = spawnSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: image, encoding: 'utf8' });
    expect(prune.status, prune.stderr).toBe(0);
    expect(existsSync(join(image, 'node_modules/vitest'))).toBe(false);
    const declarations = () => spawnSync('sh', ['-c', "find node_modules -type f \\( -name '*.map' -o -name '*.d.ts' \\) | wc -l"], { cwd: image, encoding: 'utf8' }).stdout.trim();
    expect(Number(declarations())).toBeGreaterThan(1000);
    const run = spawnSync('sh', ['-c', slim!], { cwd: image, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(declarations()).toBe('0');
    cpSync(compiledDist(), join(image, 'dist'), { recursive: true });
    mkdirSync(join(image, 'bin'));
    cpSync(join(ROOT, 'bin/ajar.js'), join(image, 'bin/ajar.js'));
    const dependencies = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const load = spawnSync(process.execPath, ['--input-type=module', '-e', `for (const d of ${JSON.stringify(dependencies)}) await import(d); console.log('loaded', ${dependencies.length})`], { cwd: image, encoding: 'utf8' });
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe(`loaded ${dependencies.length}`);
    const rules = spawnSync(process.execPath, [join(image, 'bin/ajar.js'), 'rules', '--format', 'json'], { encoding: 'utf8' });
    expect(rules.stderr).toBe('');
    expect(JSON.parse(rules.stdout).length).toBeGreaterThanOrEqual(10);
  }, 240_000);
});
