/**
 * The validators the report tests run: py-ocsf-models (PyPI, pinned) in a virtualenv under
 * .cache/ocsf, installed once like moto by the setup step; xmllint (Debian libxml2-utils) and
 * Chromium (Debian chromium), which scripts/setup-system.sh installs. A missing tool throws with
 * the setup command, so a test that needs it fails loudly instead of skipping or installing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { notInstalled } from './setup-hint.ts';

export const OCSF_MODELS_VERSION = '0.10.0';
const ROOT = resolve(import.meta.dirname, '../..');
const VENV = join(ROOT, '.cache/ocsf');
export const OCSF_PYTHON = join(VENV, 'bin/python');

function installedOcsfVersion(): string | undefined {
  if (!existsSync(OCSF_PYTHON)) return undefined;
  const probe = spawnSync(OCSF_PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("py-ocsf-models"))'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** Creates .cache/ocsf and installs the pinned py-ocsf-models when it is not there yet. */
export function ensureOcsfModels(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (installedOcsfVersion() === OCSF_MODELS_VERSION) return;
  log(`installing py-ocsf-models==${OCSF_MODELS_VERSION} into .cache/ocsf (once)`);
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', VENV]],
    [join(VENV, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', `py-ocsf-models==${OCSF_MODELS_VERSION}`]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`py-ocsf-models setup failed: ${command} ${args.join(' ')} exited ${result.status ?? result.error?.message}`);
  }
}

/** The pinned py-ocsf-models' python, or an error naming the setup command. */
export function requireOcsfModels(): string {
  if (installedOcsfVersion() !== OCSF_MODELS_VERSION) throw notInstalled(`py-ocsf-models==${OCSF_MODELS_VERSION} (.cache/ocsf)`);
  return OCSF_PYTHON;
}

const onPath = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
};

/** The path of a Debian tool, or an error naming the package and the setup command. */
export function requireTool(names: readonly string[], debianPackage: string): string {
  for (const name of names) {
    const found = onPath(name) ?? (existsSync(`/usr/bin/${name}`) ? `/usr/bin/${name}` : undefined);
    if (found !== undefined) return found;
  }
  throw notInstalled(`${names[0]} (Debian ${debianPackage})`);
}

export const xmllintPath = (): string => requireTool(['xmllint'], 'libxml2-utils');
export const chromiumPath = (): string => requireTool(['chromium', 'chromium-browser'], 'chromium');
