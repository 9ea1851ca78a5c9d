/**
 * The closing line of `npm test`, computed from vitest's JSON report. A run is green only when
 * every test ran and passed: a failed test, a test file that failed outside its tests (a hook, an
 * import, a collection error — vitest then marks its tests skipped, not failed), a skipped or todo
 * test not in the allowlist, or a vitest exit status the report does not explain, each count as
 * a failure. Pure: no file or process access, so it can be tested with plain report shapes.
 */
import { relative } from 'node:path';

/** The parts of vitest's `--reporter=json` output read here (Jest-compatible shape). */
export interface VitestJsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** A test allowed to be skipped on some platform; `file` is relative to the repository root. */
export interface AllowedSkip {
  file: string;
  test: string;
  reason: string;
}

export interface TestSummary {
  passed: number;
  failed: number;
  allowedSkips: number;
  /** One line per failure, for the log above the closing line. */
  failures: string[];
  line: string;
}

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);

/** Checks the allowlist file's parsed content; the problems are failures of the run. */
export function parseAllowlist(value: unknown, source: string): { allow: AllowedSkip[]; problems: string[] } {
  if (!Array.isArray(value)) return { allow: [], problems: [`${source}: expected a JSON array of {file, test, reason}`] };
  const allow: AllowedSkip[] = [];
  const problems: string[] = [];
  value.forEach((entry, index) => {
    const ok = typeof entry === 'object' && entry !== null && ['file', 'test', 'reason'].every((key) => typeof entry[key] === 'string' && entry[key].trim() !== '');
    if (ok) allow.push({ file: entry.file, test: entry.test, reason: entry.reason });
    else problems.push(`${source}[${index}]: expected {file, test, reason}, each a non-empty string`);
  });
  return { allow, problems };
}

export function summariseTests(
  report: VitestJsonReport | undefined,
  options: { root: string; exitStatus: number; allow?: readonly AllowedSkip[]; problems?: readonly string[] },
): TestSummary {
  const failures = [...(options.problems ?? [])];
  let passed = 0;
  let allowedSkips = 0;
  if (report === undefined) failures.push('no test results were written (vitest did not finish)');
  for (const file of report?.testResults ?? []) {
    const name = relative(options.root, file.name);
    let failedInFile = 0;
    const inFile: string[] = [];
    for (const test of file.assertionResults) {
      if (test.status === 'passed') passed += 1;
      else if (SKIPPED.has(test.status)) {
        if (options.allow?.some((a) => a.file === name && a.test === test.fullName)) allowedSkips += 1;
        else inFile.push(`${test.status}: ${name} > ${test.fullName} (not in the skip allowlist)`);
      } else {
        failedInFile += 1;
        inFile.push(`failed: ${name} > ${test.fullName}`);
      }
    }
    if (file.status !== 'passed' && failedInFile === 0 && !(file.status === 'skipped' && file.assertionResults.length > 0)) {
      const reason = file.message?.split('\n')[0]?.trim();
      failures.push(`file failed: ${name}${reason ? `: ${reason}` : ''}`);
    }
    failures.push(...inFile);
  }
  if (failures.length === 0 && options.exitStatus !== 0) {
    failures.push(`vitest exited ${options.exitStatus} with no failed test in its report (an error outside any test, e.g. an unhandled rejection; see the log)`);
  }
  const failed = failures.length;
  const line = `tests: ${passed} passed, ${failed} failed${allowedSkips ? `, ${allowedSkips} skipped (allowlisted)` : ''}`;
  return { passed, failed, allowedSkips, failures, line };
}
