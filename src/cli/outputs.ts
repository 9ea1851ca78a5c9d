/**
 * Where each requested format goes. `--format` and `--output` pair by position on the command
 * line (`--format sarif --output a.sarif --format table`), which commander preserves by calling
 * option parsers in order. One format at most may go to stdout.
 */
import { closeSync, existsSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
    if (!spec.output || spec.output === '-') continue;
    const dir = dirname(resolve(spec.output));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--output ${spec.output}: directory ${dir} does not exist`);
  }
}

/** Writes streaming formats as findings arrive and the rest once the report is complete. */
export class OutputWriter {
  private readonly streams = new Map<OutputSpec, number>();
  private readonly specs: OutputSpec[];

  constructor(specs: OutputSpec[]) {
    this.specs = specs;
    for (const spec of specs) {
      if (!STREAMING_FORMATS.has(spec.format)) continue;
      this.streams.set(spec, spec.output && spec.output !== '-' ? openSync(`${spec.output}.partial`, 'w') : 1);
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
        if (fd !== 1) {
          closeSync(fd);
          renameSync(`${spec.output}.partial`, spec.output!);
        }
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
  else {
    // Written beside the target and renamed, so a reader never sees half a report.
    writeFileSync(`${spec.output}.partial`, text);
    renameSync(`${spec.output}.partial`, spec.output!);
  }
}

export type { ReportFormat };
