/**
 * `ajar report <report.json> --format X [--output f]`: re-renders a saved JSON report in any
 * format, offline (a SARIF for code scanning and an HTML page for people from one nightly scan).
 * Formats and outputs pair as in `ajar scan`; the report is checked by the same parser that
 * `ajar diff` and `--baseline` use, so a broken file is one line naming the JSON path.
 */
import type { Command } from 'commander';
import { parseReportJson, type Report } from '../../report/index.ts';
import { UsageError } from '../errors.ts';
import { readInputFile, readInputStdin } from '../../util/read-input.ts';
import { outputOptionParsers, validateOutputs, writeRendered, type OutputSpec } from '../outputs.ts';

interface ReportFlags {
  format?: OutputSpec[];
  showPass?: boolean;
}

export function registerReport(program: Command): void {
  const outputParsers = outputOptionParsers();
  program
    .command('report')
    .description('Re-render a saved JSON report (ajar scan -f json) in another format.')
    .argument('<report.json>', 'a report written by `ajar scan --format json` ("-" reads stdin)')
    .option('-f, --format <format>', 'table|json|ndjson|sarif|junit|csv|markdown|ocsf|html (repeatable; comma list allowed; default: table)', outputParsers.format)
    .option('-o, --output <file>', 'write the preceding --format to this file instead of stdout', outputParsers.output)
    .option('--show-pass', 'table: list passing checks too')
    .addHelpText(
      'after',
      `
Exit codes: 0 rendered; 2 the file is missing or not an ajar JSON report, or a usage error.

Examples:
  ajar scan aws -f json -o report.json
  ajar report report.json --format html -o report.html
  ajar report report.json -f sarif -o ajar.sarif -f junit -o ajar.junit.xml -f markdown`,
    )
    .action((file: string, flags: ReportFlags) => {
      const outputs = flags.format ?? [{ format: 'table' }];
      validateOutputs(outputs);
      const report = loadReport(file);
      const terminal = { color: process.stdout.isTTY === true && !process.env.NO_COLOR, width: process.stdout.columns, showPass: flags.showPass === true };
      // Every format, NDJSON included, renders from the whole report: nothing streams here.
      for (const spec of outputs) writeRendered(spec, report, terminal);
    });
}

/** Reads and checks a saved report; every problem is a UsageError (one line, exit 2). */
function loadReport(file: string): Report {
  const text = file === '-' ? readInputStdin('report') : readInputFile(file, 'report');
  try {
    return parseReportJson(text, file === '-' ? 'stdin' : file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
