/**
 * The one setup step for the tests, idempotent (each tool is probed before it is installed), run
 * by `npm test` and .ci/run before the test runner starts: the Debian packages
 * (scripts/setup-system.sh), the pinned moto and py-ocsf-models virtualenvs, the pipeline linters
 * (kustomize and actionlint via `go install`, the kube-lint, workflow-lint and hadolint
 * virtualenvs) and a check for the PostgreSQL server binaries. The tests never install anything:
 * they only locate these tools and fail, naming this script, when one is missing.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureMoto, MOTO_VERSION, requireMoto } from './lib/moto.ts';
import { chromiumPath, ensureOcsfModels, OCSF_MODELS_VERSION, requireOcsfModels, xmllintPath } from './lib/report-tools.ts';
import { ACTIONLINT, ensurePipelineTools, HADOLINT, KUBE_LINT, KUSTOMIZE, locateGoTool, locateHadolint, locateVenv, WORKFLOW_LINT } from './lib/pipeline-tools.ts';
import { ensureNode22, node22Binary } from './lib/node22.ts';
import { postgresBinDir } from './lib/postgres.ts';

const root = resolve(import.meta.dirname, '..');
const started = Date.now();

const system = spawnSync('bash', [join(root, 'scripts/setup-system.sh')], { cwd: root, stdio: 'inherit' });
if (system.status !== 0) {
  process.stderr.write('setup-test-env: could not install the system packages the tests need (see above)\n');
  process.exit(1);
}
try {
  ensureMoto();
  ensureOcsfModels();
  ensurePipelineTools();
  // The install test runs the packed CLI under Node 22 too (the oldest supported major).
  ensureNode22();
  // What the tests will look for, checked the way they look for it, so a gap shows here, once.
  requireMoto();
  requireOcsfModels();
  locateGoTool(KUSTOMIZE);
  locateGoTool(ACTIONLINT);
  locateVenv(KUBE_LINT);
  locateVenv(WORKFLOW_LINT);
  locateHadolint();
  if (!node22Binary()) throw new Error('Node 22 is missing from .cache/node22 after installing it');
  xmllintPath();
  chromiumPath();
  const postgres = postgresBinDir();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `test environment ready in ${seconds} s: node ${process.version}, moto ${MOTO_VERSION}, py-ocsf-models ${OCSF_MODELS_VERSION}, ` +
      `kustomize ${KUSTOMIZE.version}, actionlint ${ACTIONLINT.version}, hadolint ${HADOLINT.version}, postgres ${postgres}\n`,
  );
} catch (error) {
  process.stderr.write(`setup-test-env: ${(error as Error).message}\n`);
  process.exit(1);
}
