/**
 * The ajar command line. Every failure the user can fix is one line on stderr and exit 2; only
 * --log-level debug shows a stack trace, and only for errors that are ajar's own fault.
 */
import { Command, CommanderError } from 'commander';
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

export async function main(argv: string[]): Promise<number> {
  tuneHeapForScanning();
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
