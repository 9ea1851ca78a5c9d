/**
 * Where each requested format goes. `--format` and `--output` pair by position on the command
 * line (`--format sarif --output a.sarif --format table`), which commander preserves by calling
 * option parsers in order. One format at most may go to stdout.
 */
import { accessSync, closeSync, constants, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { writeAllSync } from '../util/write-all.ts';
import { dirname, resolve } from 'node:path';
import type { Finding } from '../engine/finding.ts';
import { FORMATS_LISTING_PASSES, ndjsonLine, parseReportFormat, renderReport, STREAMING_FORMATS, type RenderOptions, type Report, type ReportFormat } from '../report/index.ts';
import { UsageError } from './errors.ts';
import { splitList } from './shared.ts';

export interface OutputSpec {
  format: ReportFormat;
  output?: string;
}

/**
 * Option parsers sharing one list: commander keeps a separate value per option, so the pairing of
 * --output with the --format before it has to live outside commander.
 */
export function outputOptionParsers() {
  const specs: OutputSpec[] = [];
  return {
    format: (value: string) => {
      specs.push(...collectFormat(value));
      return specs;
    },
    output: (value: string) => attachOutput(value, specs),
  };
}

export function collectFormat(value: string, previous: OutputSpec[] = []): OutputSpec[] {
  const formats = splitList('--format', value);
  const parse = (name: string): ReportFormat => {
    try {
      return parseReportFormat(name);
    } catch (error) {
      throw new UsageError(`--format: ${(error as Error).message}`);
    }
  };
  return [...previous, ...formats.map((name) => ({ format: parse(name) }))];
}

export function attachOutput(value: string, previous: OutputSpec[]): OutputSpec[] {
  // An empty -o would otherwise fall through to stdout, which is "-".
  if (value.trim() === '') throw new UsageError('--output: expected a file path (or - for stdout), got ""');
  const last = previous.at(-1);
  if (!last) throw new UsageError(`--output ${value}: give --format before --output (e.g. --format sarif --output ${value})`);
  if (last.output) throw new UsageError(`--output ${value}: --format ${last.format} already writes to ${last.output}`);
  last.output = value;
  return previous;
}

export function validateOutputs(specs: OutputSpec[]): void {
  const toStdout = specs.filter((s) => !s.output || s.output === '-');
  if (toStdout.length > 1) {
    throw new UsageError(`--format: ${toStdout.map((s) => s.format).join(' and ')} would both go to stdout; give all but one an --output file`);
  }
  for (const spec of specs) {
    if (spec.output && spec.output !== '-') checkWritable(spec.output);
  }
}

const kindOf = (path: string): 'missing' | 'directory' | 'other' => {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
};

/**
 * Checked before the scan starts, so a typo in -o costs no API call. The report is written beside
 * the target (`<file>.partial`) and renamed, so what must be writable is the directory.
 */
export function checkWritable(output: string): void {
  const fail = (why: string): never => {
    throw new UsageError(`--output ${output}: ${why}`);
  };
  if (kindOf(output) === 'directory') fail('is a directory; expected a file path');
  const dir = dirname(resolve(output));
  const dirKind = kindOf(dir);
  if (dirKind === 'missing') fail(`directory ${dir} does not exist`);
  if (dirKind === 'other') fail(`${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    fail(`cannot write in directory ${dir} (${(error as NodeJS.ErrnoException).code})`);
  }
}

/**
 * Writes a whole file beside its target and renames it, so a reader never sees half a report. A
 * failure (disk full, directory removed or made read-only during the scan) is the user's to fix:
 * one line naming the file, exit 2.
 */
export function writeOutputFile(output: string, text: string): void {
  try {
    writeFileSync(`${output}.partial`, text);
    renameSync(`${output}.partial`, output);
  } catch (error) {
    throw writeFailure(output, error);
  }
}

const writeFailure = (output: string, error: unknown) =>
  new UsageError(`--output ${output}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);

/** Writes streaming formats as findings arrive and the rest once the report is complete. */
export class OutputWriter {
  private readonly streams = new Map<OutputSpec, number>();
  private readonly specs: OutputSpec[];

  constructor(specs: OutputSpec[]) {
    this.specs = specs;
    for (const spec of specs) {
      if (!STREAMING_FORMATS.has(spec.format)) continue;
      this.streams.set(spec, spec.output && spec.output !== '-' ? openPartial(spec.output) : 1);
    }
  }

  get keep(): 'all' | 'non-pass' | 'none' {
    const batch = this.specs.filter((s) => !STREAMING_FORMATS.has(s.format)).map((s) => s.format);
    if (batch.some((format) => FORMATS_LISTING_PASSES.has(format))) return 'all';
    return batch.length > 0 ? 'non-pass' : 'none';
  }

  finding(finding: Finding): void {
    const line = ndjsonLine(finding);
    for (const fd of this.streams.values()) writeAllSync(fd, line);
  }

  finish(report: Report, terminal: { color: boolean; width?: number }): void {
    for (const spec of this.specs) {
      const fd = this.streams.get(spec);
      if (fd !== undefined) {
        if (fd !== 1) finishPartial(fd, spec.output!);
        continue;
      }
      writeRendered(spec, report, terminal);
    }
  }
}

/**
 * Renders one whole-report format to its output: with the terminal's options on stdout, without
 * colour or width in a file.
 */
export function writeRendered(spec: OutputSpec, report: Report, terminal: RenderOptions): void {
  const toStdout = !spec.output || spec.output === '-';
  const text = renderReport(spec.format, report, toStdout ? terminal : { color: false, showPass: terminal.showPass });
  if (toStdout) writeAllSync(1, text);
  else writeOutputFile(spec.output!, text);
}

function openPartial(output: string): number {
  try {
    return openSync(`${output}.partial`, 'w');
  } catch (error) {
    throw writeFailure(output, error);
  }
}

function finishPartial(fd: number, output: string): void {
  try {
    closeSync(fd);
    renameSync(`${output}.partial`, output);
  } catch (error) {
    throw writeFailure(output, error);
  }
}

export type { ReportFormat };
