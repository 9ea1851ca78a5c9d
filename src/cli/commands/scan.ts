import type { Command } from 'commander';
import { RULES } from '../../../rules/index.ts';
import { loadConfig } from '../../config/load.ts';
import type { AjarConfig } from '../../config/schema.ts';
import { exitCodeFor } from '../../engine/exit-code.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../engine/finding.ts';
import { selectRules } from '../../engine/select.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../log.ts';
import { runScan } from '../../scan.ts';
import { UsageError } from '../errors.ts';
import { OutputWriter, outputOptionParsers, validateOutputs, type OutputSpec } from '../outputs.ts';
import { findDefaultConfig, splitList, Progress } from '../shared.ts';

interface ScanFlags {
  format?: OutputSpec[];
  failOn?: string;
  rules?: string[];
  regions?: string[];
  profile?: string;
  endpoint?: string;
  pathStyle?: boolean;
  concurrency?: string;
  config?: string;
  logLevel: string;
  trustedAccount?: string[];
  progress: boolean;
}

const PROVIDERS = ['aws'] as const;

export function registerScan(program: Command): void {
  const outputParsers = outputOptionParsers();
  program
    .command('scan')
    .description('Scan a cloud for storage left open to the internet and report the findings.')
    .argument('<provider>', `cloud to scan: ${PROVIDERS.join('|')}`)
    .option('-f, --format <format>', 'report format: table|json|ndjson|sarif (repeatable; comma list allowed)', outputParsers.format)
    .option('-o, --output <file>', 'write the preceding --format to this file instead of stdout', outputParsers.output)
    .option('--fail-on <severity>', `exit 1 when a failing finding is at or above: ${SEVERITIES.join('|')} (default: high)`)
    .option('--rules <ids>', 'rule ids or globs to run, comma separated; !id excludes (default: all)', (v: string, p: string[] = []) => [...p, ...splitList(v)])
    .option('--regions <regions>', 'only buckets in these regions, comma separated (default: all)', (v: string, p: string[] = []) => [...p, ...splitList(v)])
    .option('--profile <name>', 'AWS shared-config profile (default: the standard credential chain)')
    .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, Ceph, R2, Spaces, Wasabi, an emulator)')
    .option('--path-style', 'address buckets as <endpoint>/<bucket> (default with --endpoint)')
    .option('--concurrency <n>', 'API calls in flight at once (default: 32)')
    .option('--trusted-account <id>', 'AWS account allowed to be granted access (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('-c, --config <file>', 'config file (default: ./ajar.config.yaml, .yml or .json if present)')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join('|')}`, 'warn')
    .option('--no-progress', 'no progress line on stderr, even on a terminal')
    .addHelpText(
      'after',
      `
Exit codes: 0 clean; 1 failing findings at or above --fail-on; 2 usage, configuration or input
error; 3 scan incomplete (unknown or error findings, unreadable data) and nothing failing.

Examples:
  ajar scan aws                                   table on the terminal
  ajar scan aws -f sarif -o ajar.sarif -f table   SARIF for code scanning, table on stdout
  ajar scan aws --endpoint http://127.0.0.1:9000  an S3-compatible store
  ajar scan aws --rules 'aws-s3-bucket-*-publicly-*' --fail-on critical`,
    )
    .action(async (provider: string, flags: ScanFlags) => {
      process.exitCode = await scan(provider, flags);
    });
}

function resolveOptions(provider: string, flags: ScanFlags) {
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(`scan: unknown provider "${provider}": expected ${PROVIDERS.join('|')}`);
  }
  if (!(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join('|')}, got "${flags.logLevel}"`);
  }
  const configFile = flags.config ?? findDefaultConfig();
  const config: AjarConfig = configFile ? loadConfig(configFile) : {};
  const failOn = flags.failOn ?? config.failOn ?? 'high';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join('|')}, got "${failOn}"`);
  const concurrency = flags.concurrency !== undefined ? Number(flags.concurrency) : (config.concurrency ?? 32);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512) {
    throw new UsageError(`--concurrency: expected a whole number from 1 to 512, got "${flags.concurrency}"`);
  }
  const endpoint = flags.endpoint ?? config.aws?.endpoint;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new UsageError(`--endpoint: expected an http(s) URL such as http://127.0.0.1:9000, got "${endpoint}"`);
  }
  const trusted = flags.trustedAccount ?? config.trustedAccounts ?? [];
  const badAccount = trusted.find((a) => !/^\d{12}$/.test(a));
  if (badAccount) throw new UsageError(`--trusted-account: expected a 12-digit AWS account id, got "${badAccount}"`);
  const outputs = flags.format ?? config.outputs?.map((o) => ({ ...o }) as OutputSpec) ?? [{ format: 'table' }];
  validateOutputs(outputs);
  const rules = selectRules(RULES, flags.rules ?? config.rules, flags.rules ? '--rules' : `${configFile}: $.rules`);
  return {
    failOn: failOn as Severity,
    concurrency,
    endpoint,
    trusted,
    outputs,
    rules,
    regions: flags.regions ?? config.aws?.regions ?? [],
    profile: flags.profile ?? config.aws?.profile,
    pathStyle: flags.pathStyle ?? config.aws?.pathStyle,
  };
}

async function scan(provider: string, flags: ScanFlags): Promise<number> {
  const options = resolveOptions(provider, flags);
  const log = createLogger(flags.logLevel as LogLevel);
  const writer = new OutputWriter(options.outputs);
  const progress = new Progress(flags.progress && process.stderr.isTTY === true);
  log.info({ rules: options.rules.length, concurrency: options.concurrency }, 'scan starting');
  const report = await runScan({
    rules: options.rules,
    aws: { endpoint: options.endpoint, pathStyle: options.pathStyle, profile: options.profile, regions: options.regions },
    concurrency: options.concurrency,
    trustedAccounts: options.trusted,
    keep: writer.keep,
    onFinding: (finding) => writer.finding(finding),
    onResource: (count) => progress.update(`scanned ${count} resource(s)`),
    log,
  });
  progress.done();
  writer.finish(report, { color: process.stdout.isTTY === true && !process.env.NO_COLOR, width: process.stdout.columns });
  const code = exitCodeFor(report, options.failOn);
  log.info({ exitCode: code, apiCalls: report.stats.apiCalls, durationMs: report.timing.durationMs }, 'scan finished');
  return code;
}
