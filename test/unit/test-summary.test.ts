/**
 * The closing line of `npm test` (scripts/lib/test-summary.ts). Issue 9: a fresh machine's run
 * ended "tests: 1362 passed, 0 failed, 20 skipped" although one file's beforeAll had timed out —
 * vitest reports such a file as failed with its tests skipped, not failed. Shapes below are
 * vitest 4's `--reporter=json` output; the last test produces them with the real vitest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllowlist, summariseTests, type VitestJsonReport } from '../../scripts/lib/test-summary.ts';

const ROOT = '/repo';
const passedTest = (fullName: string) => ({ fullName, status: 'passed', failureMessages: [] });
const skippedTest = (fullName: string) => ({ fullName, status: 'skipped', failureMessages: [] });
const file = (name: string, status: string, assertionResults: VitestJsonReport['testResults'][number]['assertionResults'], message = '') => ({
  name: `${ROOT}/${name}`,
  status,
  message,
  assertionResults,
});

describe('summariseTests', () => {
  it('all green: the passed count and no failure, exit 0', () => {
    const report = { testResults: [file('test/unit/a.test.ts', 'passed', [passedTest('a > one'), passedTest('a > two')])] };
    const summary = summariseTests(report, { root: ROOT, exitStatus: 0 });
    expect(summary.line).toBe('tests: 2 passed, 0 failed');
    expect(summary.failures).toEqual([]);
  });

  it('a failing hook fails the run although no test failed (the issue 9 case)', () => {
    const report = {
      testResults: [
        file('test/unit/a.test.ts', 'passed', [passedTest('a > one')]),
        file('test/e2e/kubernetes-manifests.test.ts', 'failed', [skippedTest('k8s > renders'), skippedTest('k8s > validates')], 'Hook timed out in 300000ms.\nIf this is a long-running hook…'),
      ],
    };
    const summary = summariseTests(report, { root: ROOT, exitStatus: 1 });
    expect(summary.failures).toContain('file failed: test/e2e/kubernetes-manifests.test.ts: Hook timed out in 300000ms.');
    // The file, and each of its tests that never ran.
    expect(summary.line).toBe('tests: 1 passed, 3 failed');
  });

  it('a skipped or todo test not in the allowlist is a failure', () => {
    const report = { testResults: [file('test/unit/a.test.ts', 'passed', [passedTest('a > one'), skippedTest('a > later'), { fullName: 'a > someday', status: 'todo' }])] };
    const summary = summariseTests(report, { root: ROOT, exitStatus: 0 });
    expect(summary.failures).toEqual(['skipped: test/unit/a.test.ts > a > later (not in the skip allowlist)', 'todo: test/unit/a.test.ts > a > someday (not in the skip allowlist)']);
    expect(summary.line).toBe('tests: 1 passed, 2 failed');
  });

  it('an allowlisted skip is counted apart and does not fail the run; the same name in another file does', () => {
    const allow = [{ file: 'test/unit/a.test.ts', test: 'a > later', reason: 'needs a GPU' }];
    const report = {
      testResults: [
        file('test/unit/a.test.ts', 'passed', [passedTest('a > one'), skippedTest('a > later')]),
        file('test/unit/b.test.ts', 'passed', [skippedTest('a > later')]),
      ],
    };
    const summary = summariseTests(report, { root: ROOT, exitStatus: 0, allow });
    expect(summary.failures).toEqual(['skipped: test/unit/b.test.ts > a > later (not in the skip allowlist)']);
    expect(summary.line).toBe('tests: 1 passed, 1 failed, 1 skipped (allowlisted)');
    expect(summariseTests({ testResults: [report.testResults[0]!] }, { root: ROOT, exitStatus: 0, allow }).line).toBe('tests: 1 passed, 0 failed, 1 skipped (allowlisted)');
  });

  it('a failed test counts once, not again for its file', () => {
    const report = { testResults: [file('test/unit/a.test.ts', 'failed', [passedTest('a > one'), { fullName: 'a > two', status: 'failed', failureMessages: ['AssertionError'] }])] };
    expect(summariseTests(report, { root: ROOT, exitStatus: 1 }).line).toBe('tests: 1 passed, 1 failed');
  });

  it('a non-zero vitest exit with a clean report (an unhandled error) and a missing report are failures', () => {
    const report = { testResults: [file('test/unit/a.test.ts', 'passed', [passedTest('a > one')])] };
    expect(summariseTests(report, { root: ROOT, exitStatus: 1 }).line).toBe('tests: 1 passed, 1 failed');
    expect(summariseTests(undefined, { root: ROOT, exitStatus: 1 }).line).toBe('tests: 0 passed, 1 failed');
  });

  it('a malformed allowlist entry is a failure of the run', () => {
    const { allow, problems } = parseAllowlist([{ file: 'test/unit/a.test.ts', test: 'a > later' }], 'test/platform-skips.json');
    expect(allow).toEqual([]);
    expect(problems).toEqual(['test/platform-skips.json[0]: expected {file, test, reason}, each a non-empty string']);
    expect(summariseTests({ testResults: [] }, { root: ROOT, exitStatus: 0, allow, problems }).failed).toBe(1);
    expect(parseAllowlist({}, 'x.json').problems).toEqual(['x.json: expected a JSON array of {file, test, reason}']);
  });

  it('the committed allowlist is empty: no test may be skipped today', () => {
    const parsed = parseAllowlist(JSON.parse(readFileSync(resolve(import.meta.dirname, '../platform-skips.json'), 'utf8')), 'test/platform-skips.json');
    expect(parsed).toEqual({ allow: [], problems: [] });
  });

  it("reads real vitest JSON: a file whose beforeAll throws is a failure, with vitest's own report", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ajar-summary-'));
    writeFileSync(join(dir, 'vitest.config.ts'), "export default { test: { include: ['*.test.ts'] } };\n");
    writeFileSync(join(dir, 'hook.test.ts'), "import { beforeAll, expect, it } from 'vitest';\nbeforeAll(() => { throw new Error('no kustomize'); });\nit('renders', () => expect(1).toBe(1));\n");
    writeFileSync(join(dir, 'green.test.ts'), "import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n");
    const out = join(dir, 'report.json');
    const vitest = resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
    const result = spawnSync(process.execPath, [vitest, 'run', '--root', dir, '--reporter=json', `--outputFile.json=${out}`], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJsonReport & { numFailedTests: number };
    // What the old closing line read: no failed test at all.
    expect(report.numFailedTests).toBe(0);
    const summary = summariseTests(report, { root: dir, exitStatus: result.status ?? 1 });
    expect(summary.failures).toEqual(['file failed: hook.test.ts: no kustomize', 'skipped: hook.test.ts > renders (not in the skip allowlist)']);
    expect(summary.line).toBe('tests: 1 passed, 2 failed');
  }, 60_000);
});
