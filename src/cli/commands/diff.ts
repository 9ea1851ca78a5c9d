/** `ajar diff <old.json> <new.json>`: what two saved reports disagree on, as a gate. */
import type { Command } from 'commander';
import { readReportFile } from '../../engine/baseline.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../engine/finding.ts';
import { diffReports, gatingAdditions } from '../../engine/report-diff.ts';
import { DIFF_FORMATS, DIFF_RENDERERS, type DiffFormat } from '../../report/diff.ts';
import { EXIT, UsageError } from '../errors.ts';

interface DiffFlags {
  failOn?: string;
  format: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('Compare two JSON reports: new, resolved and changed-severity findings.')
    .argument('<old>', 'the earlier report (ajar scan --format json)')
    .argument('<new>', 'the later report')
    .option('--fail-on <severity>', `exit 1 when a new failing finding is at or above: ${SEVERITIES.join('|')} (default: high)`)
    .option('-f, --format <format>', `output: ${DIFF_FORMATS.join('|')}`, 'table')
    .addHelpText(
      'after',
      `
"New" is failing in <new> and not failing in <old>; "resolved" is failing in <old> and passing in
<new>. A finding failing in <old> that <new> could not decide or did not scan is listed as not
rechecked, never as resolved. Suppressed new findings are listed but do not fail the gate.

Exit codes: 0 no new failing finding at or above --fail-on; 1 there is one; 2 bad input.`,
    )
    .action((oldFile: string, newFile: string, flags: DiffFlags) => {
      process.exitCode = diff(oldFile, newFile, flags);
    });
}

function diff(oldFile: string, newFile: string, flags: DiffFlags): number {
  const failOn = flags.failOn ?? 'high';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join('|')}, got "${failOn}"`);
  if (!(DIFF_FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`--format: expected one of ${DIFF_FORMATS.join('|')}, got "${flags.format}"`);
  }
  const before = readReportFile(oldFile, 'ajar diff');
  const after = readReportFile(newFile, 'ajar diff');
  const result = diffReports(before, after, { old: oldFile, new: newFile });
  process.stdout.write(DIFF_RENDERERS[flags.format as DiffFormat](result));
  return gatingAdditions(result, failOn as Severity).length > 0 ? EXIT.failing : EXIT.clean;
}
