/**
 * `npm test`: type-check, then every test (unit, rules, integration against moto, e2e). The
 * emulators are installed and started by the test setup itself. Ends with one plain
 * "tests: N passed, N failed" line that any CI can read.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (label: string, args: string[]): number => {
  process.stderr.write(`\n== ${label}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
};

// System packages some tests need (xmllint, Chromium, PostgreSQL binaries), installed when missing.
const system = spawnSync('bash', [join(root, 'scripts/setup-system.sh')], { cwd: root, stdio: 'inherit' });
if (system.status !== 0) {
  process.stderr.write('could not install the system packages the tests need (see above)\n');
  process.exit(1);
}
if (run('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']) !== 0) {
  process.stderr.write('typecheck failed\n');
  process.exit(1);
}
mkdirSync(join(root, '.cache'), { recursive: true });
const results = join(root, '.cache/vitest-results.json');
rmSync(results, { force: true });
const status = run('tests', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)]);
let summary = 'tests: 0 passed, 1 failed';
try {
  const json = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  summary = `tests: ${json.numPassedTests} passed, ${json.numFailedTests} failed${json.numPendingTests ? `, ${json.numPendingTests} skipped` : ''}`;
} catch {
  process.stderr.write('no test results were written\n');
}
process.stdout.write(`\n${summary}\n`);
process.exit(status);
