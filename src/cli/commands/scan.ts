import type { Command } from 'commander';
import { exitCodeFor } from '../../engine/exit-code.ts';
import { isSeverity, SEVERITIES, type Severity } from '../../engine/finding.ts';
import { createLogger, type LogLevel } from '../../log.ts';
import { runScan } from '../../scan.ts';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from '../../analysis/network.ts';
import { AWS_ACCOUNT_ID, type AjarConfig } from '../../config/schema.ts';
import { UsageError } from '../errors.ts';
import { OutputWriter, outputOptionParsers, validateOutputs, type OutputSpec } from '../outputs.ts';
import { integerFlag, listFlag, Progress } from '../shared.ts';
import { addCollectionOptions, loadInventory, resolveCollection, type CollectionFlags } from './collection-options.ts';
import { addGateOptions, GateWatcher, resolveGate, type GateFlags } from './gate-options.ts';
import { ScanState } from '../../state/scan-hook.ts';

interface ScanFlags extends CollectionFlags, GateFlags {
  format?: OutputSpec[];
  failOn?: string;
  trustedAccount?: string[];
  maxPublicPrefix?: string;
  maxPublicPrefixV6?: string;
  inventory?: string;
  state?: string;
  progress: boolean;
}

export function registerScan(program: Command): void {
  const outputParsers = outputOptionParsers();
  const command = program
    .command('scan')
    .description('Scan one cloud (or all) for storage and databases left open to the internet and report the findings.')
    .option('-f, --format <format>', 'report format: table|json|ndjson|sarif|junit|csv|markdown|ocsf|html (repeatable; comma list allowed)', outputParsers.format)
    .option('-o, --output <file>', 'write the preceding --format to this file instead of stdout', outputParsers.output)
    .option('--fail-on <severity>', `exit 1 when a failing finding is at or above: ${SEVERITIES.join('|')} (default: high)`)
    .option('--trusted-account <id>', 'AWS account allowed to be granted access (repeatable; comma list allowed)', listFlag('--trusted-account'))
    .option('--max-public-prefix <n>', 'network rules: a public IPv4 source wider than /n counts as the internet (default: 16)')
    .option('--max-public-prefix-v6 <n>', 'network rules: the same for IPv6 sources (default: 32)')
    .option('--inventory <file>', 'evaluate an inventory written by `ajar collect` instead of calling the cloud')
    .option('--state <url>', 'state store recording every finding (first seen, resolved): sqlite:///abs.db, a file path, or postgres://...')
    .option('--no-progress', 'no progress line on stderr, even on a terminal');
  addGateOptions(command);
  addCollectionOptions(command)
    .addHelpText(
      'after',
      `
Exit codes: 0 clean; 1 failing findings at or above --fail-on; 2 usage, configuration or input
error; 3 scan incomplete (unknown or error findings, unreadable data) and nothing failing.
Suppressed findings never count for exit 1; with --fail-on-new only new ones do (docs/ci-gate.md).

Examples:
  ajar scan aws                                   table on the terminal
  ajar scan aws -f sarif -o ajar.sarif -f table   SARIF for code scanning, table on stdout
  ajar scan aws --endpoint http://127.0.0.1:9000  an S3-compatible store
  ajar scan aws --rules 'aws-s3-bucket-*-publicly-*' --fail-on critical
  ajar collect aws -o inventory.json && ajar scan aws --inventory inventory.json
  ajar scan all --state postgres://ajar@db/ajar   remember findings: new/existing, first seen, resolved
  ajar scan aws --baseline main.json --fail-on-new --notify env:SLACK_WEBHOOK_URL`,
    )
    .action(async (provider: string, flags: ScanFlags) => {
      process.exitCode = await scan(provider, flags);
    });
}

async function scan(provider: string, flags: ScanFlags): Promise<number> {
  const collection = resolveCollection(provider, flags);
  const { config } = collection;
  const failOn = flags.failOn ?? config.failOn ?? 'high';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join('|')}, got "${failOn}"`);
  const trusted = flags.trustedAccount ?? config.trustedAccounts ?? [];
  const badAccount = trusted.find((a) => !AWS_ACCOUNT_ID.test(a));
  if (badAccount) throw new UsageError(`--trusted-account: expected a 12-digit AWS account id, got "${badAccount}"`);
  const network = resolveNetworkSettings(flags, config);
  const outputs = flags.format ?? config.outputs?.map((o) => ({ ...o }) as OutputSpec) ?? [{ format: 'table' }];
  validateOutputs(outputs);
  const inventory = flags.inventory ? loadInventory(flags.inventory, provider) : undefined;
  // History hook: the state store (flag or config `state`) is opened after every other check.
  const stateUrl = flags.state ?? config.state;
  const gate = resolveGate(flags, config, collection.configFile, stateUrl !== undefined);
  const watcher = new GateWatcher(gate);

  const log = createLogger(flags.logLevel as LogLevel);
  const writer = new OutputWriter(outputs);
  const progress = new Progress(flags.progress && process.stderr.isTTY === true);
  const state = stateUrl === undefined ? undefined : await ScanState.open(stateUrl, flags.state !== undefined ? '--state' : `${collection.configFile}: $.state`, collection.providers, inventory?.collectedAt);
  log.info({ rules: collection.rules.length, concurrency: collection.concurrency, inventory: flags.inventory }, 'scan starting');
  const report = await runScan({
    rules: collection.rules,
    providers: collection.providers,
    aws: collection.aws,
    azure: collection.azure,
    gcp: collection.gcp,
    concurrency: collection.concurrency,
    timeoutMs: collection.timeoutMs,
    maxScanTimeMs: collection.maxScanTimeMs,
    trustedAccounts: trusted,
    network,
    inventory,
    keep: writer.keep,
    onFinding: (finding) => {
      state?.observe(finding, gate.baseline);
      watcher.finding(finding);
      writer.finding(finding);
    },
    baseline: gate.baseline,
    suppressions: gate.suppressions,
    onResource: (count) => progress.update(`scanned ${count} resource(s)`),
    log,
  }).catch(async (error: unknown) => {
    await state?.close();
    throw error;
  });
  progress.done();
  if (state) {
    // With a baseline too, the baseline's comparison stays in the report (it is what gates).
    const comparison = await state.record(report, collection.rules.map((rule) => rule.meta.id), log).finally(() => state.close());
    report.comparison ??= comparison;
  }
  writer.finish(report, { color: process.stdout.isTTY === true && !process.env.NO_COLOR, width: process.stdout.columns });
  await watcher.finish(report, log);
  const code = exitCodeFor(report, failOn as Severity, watcher.tally.failingBySeverity);
  log.info({ exitCode: code, apiCalls: report.stats.apiCalls, durationMs: report.timing.durationMs }, 'scan finished');
  return code;
}

function prefixFlag(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  return integerFlag(flag, value, 0, max, 'a prefix length');
}

function resolveNetworkSettings(flags: ScanFlags, config: AjarConfig): NetworkSettings {
  return {
    maxPublicPrefix: prefixFlag('--max-public-prefix', flags.maxPublicPrefix, 32) ?? config.network?.maxPublicPrefix ?? DEFAULT_NETWORK_SETTINGS.maxPublicPrefix,
    maxPublicPrefixV6:
      prefixFlag('--max-public-prefix-v6', flags.maxPublicPrefixV6, 128) ?? config.network?.maxPublicPrefixV6 ?? DEFAULT_NETWORK_SETTINGS.maxPublicPrefixV6,
  };
}
