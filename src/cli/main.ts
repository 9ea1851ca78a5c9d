/**
 * The ajar command line. Every failure the user can fix is one line on stderr and exit 2; only
 * --log-level debug shows a stack trace, and only for errors that are ajar's own fault.
 */
import { Command, CommanderError } from 'commander';
import { routeProcessWarnings } from '../log.ts';
import { tuneHeapForScanning } from '../runtime.ts';
import { VERSION } from '../version.ts';
import { registerCollect } from './commands/collect.ts';
import { registerHistory } from './commands/history.ts';
import { registerDiff } from './commands/diff.ts';
import { registerReport } from './commands/report.ts';
import { registerPermissions, registerRules } from './commands/rules.ts';
import { registerScan } from './commands/scan.ts';
import { EXIT, UsageError } from './errors.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('ajar')
    .description('Finds the cloud storage and databases left open to the internet (AWS, Azure, GCP), deciding exposure the way each cloud itself does.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerScan(program);
  registerCollect(program);
  registerHistory(program);
  registerDiff(program);
  registerReport(program);
  registerRules(program);
  registerPermissions(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

/**
 * `ajar rules | head -1`: the reader closes the pipe and the next asynchronous write fails with
 * EPIPE, which Node raises as an uncaught 'error' event with a stack trace. A reader that went
 * away wants no more output, nothing else: later writes are dropped (a destroyed stream reports
 * them as ERR_STREAM_DESTROYED) and the command ends with the exit status it would have had.
 */
let readersGuarded = false;
export function ignoreClosedReaders(): void {
  if (readersGuarded) return;
  readersGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  tuneHeapForScanning();
  ignoreClosedReaders();
  routeProcessWarnings();
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.clean;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.clean;
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      process.stderr.write(`ajar: ${message} (see ajar --help)\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`ajar: ${error.message}\n`);
      return EXIT.usage;
    }
    const debug = argv.some((arg, i) => (arg === '--log-level' && argv[i + 1] === 'debug') || arg === '--log-level=debug');
    process.stderr.write(`ajar: internal error: ${(error as Error).message}${debug ? `\n${(error as Error).stack}` : ' (run with --log-level debug for details)'}\n`);
    return EXIT.usage;
  }
}
