/**
 * `npm test`: prepare the machine (scripts/setup-test-env.ts: system packages, emulators and
 * linters, all idempotent), type-check, then every test (unit, rules, integration against moto,
 * e2e). The tests themselves install nothing. Ends with one plain "tests: N passed, N failed" line
 * that any CI can read, where failed also counts test files that failed outside a test (a hook),
 * skipped tests not in test/platform-skips.json and errors outside any test; the exit status is
 * non-zero exactly when that count is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllowlist, summariseTests, type VitestJsonReport } from './lib/test-summary.ts';

const root = resolve(import.meta.dirname, '..');
const run = (label: string, args: string[]): number => {
  process.stderr.write(`\n== ${label}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
};

if (run('setup', ['scripts/setup-test-env.ts']) !== 0) {
  process.stdout.write('\ntests: 0 passed, 1 failed (the test environment could not be set up; see above)\n');
  process.exit(1);
}
if (run('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']) !== 0) {
  process.stdout.write('\ntests: 0 passed, 1 failed (typecheck)\n');
  process.exit(1);
}
mkdirSync(join(root, '.cache'), { recursive: true });
const results = join(root, '.cache/vitest-results.json');
rmSync(results, { force: true });
const exitStatus = run('tests', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)]);

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const allowFile = join(root, 'test/platform-skips.json');
let allowlist: ReturnType<typeof parseAllowlist> = { allow: [], problems: [] };
try {
  if (existsSync(allowFile)) allowlist = parseAllowlist(readJson(allowFile), 'test/platform-skips.json');
} catch (error) {
  allowlist = { allow: [], problems: [`test/platform-skips.json: ${(error as Error).message}`] };
}
let report: VitestJsonReport | undefined;
try {
  report = readJson(results) as VitestJsonReport;
} catch {
  report = undefined;
}
const summary = summariseTests(report, { root, exitStatus, ...allowlist });
const LISTED = 50;
if (summary.failures.length > 0) {
  const more = summary.failures.length > LISTED ? `\n  … and ${summary.failures.length - LISTED} more` : '';
  process.stdout.write(`\n${summary.failures.slice(0, LISTED).map((f) => `  ✗ ${f}`).join('\n')}${more}\n`);
}
process.stdout.write(`\n${summary.line}\n`);
process.exit(summary.failed > 0 ? 1 : 0);
