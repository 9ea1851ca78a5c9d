/**
 * `npm run bench`: scans N synthetic buckets served by a loopback S3 endpoint with injected
 * latency (bench/s3-server.ts) and reports wall time, API calls per bucket, peak RSS and the
 * ratio to the floor ceil(calls / concurrency) × latency (DESIGN.md §8).
 *
 *   node bench/s3-exposure.ts [--buckets 1000,10000] [--latency 50] [--concurrency 64] [--rules exposure|all|exposure,all]
 *                             [--node-flags=--optimize-for-size]   (V8/node flags for the scanning process)
 *
 * Each scenario runs in a fresh child process (this file with --scenario), because maxRSS is a
 * high-water mark that no GC lowers: sharing one process would report the largest scenario's
 * peak for every later one. The S3 server is a further child, so its memory is not counted.
 * Results go to stdout as a table and to .cache/bench-results.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RULES } from '../rules/index.ts';
import { selectRules } from '../src/engine/select.ts';
import { createLogger } from '../src/log.ts';
import { tuneHeapForScanning } from '../src/runtime.ts';
import { runScan } from '../src/scan.ts';
import { startS3Server } from './s3-server.ts';

const RULE_SETS: Record<string, string[] | undefined> = {
  exposure: [
    'aws-s3-bucket-objects-not-publicly-readable',
    'aws-s3-bucket-not-publicly-listable',
    'aws-s3-bucket-not-publicly-writable',
    'aws-s3-bucket-permissions-not-publicly-*',
    'aws-s3-bucket-not-open-to-any-authenticated-user',
  ],
  // No patterns selects every rule.
  all: undefined,
};

/** Targets from the performance issue; informational, the bench never fails on them. */
const TARGETS = { callsPerBucket: 5, ratio: 1.5, ratioAtBuckets: 10_000, ratioAtConcurrency: 64, rssMB: 250 };

/** Operations that are made once per scan, not per bucket. */
const PER_SCAN_OPERATIONS = new Set(['GetCallerIdentity', 'GetAccountPublicAccessBlock', 'ListBuckets']);

interface Scenario {
  buckets: number;
  latencyMs: number;
  concurrency: number;
  ruleSet: string;
}

interface ScenarioResult extends Scenario {
  rules: number;
  wallMs: number;
  cpuMs: number;
  serverCalls: number;
  serverByOperation: Record<string, number>;
  reportCalls: number;
  /** Attempts after the first (report stats.retries): 0 unless the server throttled or failed. */
  reportRetries: number;
  reportByOperation: Record<string, number>;
  resources: number;
  byStatus: Record<string, number>;
  collectionErrors: number;
  maxRssBeforeKiB: number;
  maxRssAfterKiB: number;
  floorMs: number;
}

const mb = (kib: number) => (kib * 1024) / 1e6;

/** One scenario, in this process: start the server child, scan, read the server's counts. */
async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  // The same heap setting the CLI applies (src/cli/main.ts), so the bench measures what users run.
  tuneHeapForScanning();
  const server = await startS3Server({ buckets: scenario.buckets, latencyMs: scenario.latencyMs });
  try {
    const rules = selectRules(RULES, RULE_SETS[scenario.ruleSet], '--rules');
    const maxRssBeforeKiB = process.resourceUsage().maxRSS;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await runScan({
      rules,
      aws: {
        endpoint: server.endpoint,
        pathStyle: true,
        regions: [],
        credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }),
      },
      concurrency: scenario.concurrency,
      trustedAccounts: [],
      keep: 'none',
      log: createLogger('silent'),
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const maxRssAfterKiB = process.resourceUsage().maxRSS;
    const stats = await server.stats();
    return {
      ...scenario,
      rules: rules.length,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      serverCalls: stats.total,
      serverByOperation: stats.byOperation,
      reportCalls: report.stats.apiCalls,
      reportRetries: report.stats.retries ?? 0,
      reportByOperation: report.stats.apiCallsByOperation,
      resources: report.coverage.resources,
      byStatus: report.summary.byStatus,
      collectionErrors: report.collectionErrors.length,
      maxRssBeforeKiB,
      maxRssAfterKiB,
      floorMs: Math.ceil(stats.total / scenario.concurrency) * scenario.latencyMs,
    };
  } finally {
    await server.close();
  }
}

/** Runs one scenario in a fresh node process and returns its JSON result. */
function spawnScenario(scenario: Scenario, nodeFlags: string[]): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), '--scenario', JSON.stringify(scenario)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as ScenarioResult);
      else reject(new Error(`scenario ${scenario.buckets}/${scenario.ruleSet} failed (exit ${code})\n${out}`));
    });
  });
}

const pad = (value: string, width: number) => (value.length >= width ? value : ' '.repeat(width - value.length) + value);
const padEnd = (value: string, width: number) => (value.length >= width ? value : value + ' '.repeat(width - value.length));
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? padEnd(c, widths[i]!) : pad(c, widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function render(results: ScenarioResult[]): string {
  const out: string[] = [];
  const rows = results.map((r) => {
    const perBucket = r.serverCalls / r.buckets;
    return [
      r.ruleSet,
      String(r.buckets),
      String(r.rules),
      (r.wallMs / 1000).toFixed(2),
      (r.cpuMs / 1000).toFixed(2),
      String(r.serverCalls),
      String(r.reportCalls),
      String(r.reportRetries),
      perBucket.toFixed(3),
      (r.floorMs / 1000).toFixed(2),
      (r.wallMs / r.floorMs).toFixed(3),
      mb(r.maxRssBeforeKiB).toFixed(1),
      mb(r.maxRssAfterKiB).toFixed(1),
      `${r.byStatus.fail ?? 0}/${r.byStatus.unknown ?? 0}/${r.byStatus.error ?? 0}`,
    ];
  });
  out.push(
    table(
      ['rules', 'buckets', 'n', 'wall s', 'cpu s', 'calls(srv)', 'calls(rep)', 'retries', 'calls/bkt', 'floor s', 'ratio', 'rss0 MB', 'peak MB', 'fail/unk/err'],
      rows,
    ),
  );

  out.push('', 'Calls per bucket by operation (server count / buckets; once-per-scan operations as absolute counts):');
  const operations = [...new Set(results.flatMap((r) => Object.keys(r.serverByOperation)))].sort();
  const opRows = results.map((r) => [
    r.ruleSet,
    String(r.buckets),
    ...operations.map((op) => {
      const n = r.serverByOperation[op] ?? 0;
      return PER_SCAN_OPERATIONS.has(op) ? String(n) : (n / r.buckets).toFixed(3);
    }),
  ]);
  out.push(table(['rules', 'buckets', ...operations.map((op) => op.replace(/^Get(Bucket)?/, ''))], opRows));

  out.push('', 'Targets (informational):');
  for (const r of results) {
    const tag = `${padEnd(r.ruleSet, 8)} ${pad(String(r.buckets), 6)} buckets`;
    const perBucket = r.serverCalls / r.buckets;
    const ratio = r.wallMs / r.floorMs;
    const peak = mb(r.maxRssAfterKiB);
    const parts: string[] = [];
    if (r.ruleSet === 'exposure') parts.push(`calls/bucket ${perBucket.toFixed(3)} <= ${TARGETS.callsPerBucket}: ${verdict(perBucket <= TARGETS.callsPerBucket)}`);
    const ratioTarget = r.buckets === TARGETS.ratioAtBuckets && r.concurrency === TARGETS.ratioAtConcurrency ? '' : ' (target is set at 10000 buckets, concurrency 64)';
    parts.push(`ratio ${ratio.toFixed(3)} < ${TARGETS.ratio}: ${verdict(ratio < TARGETS.ratio)}${ratioTarget}`);
    parts.push(`peak RSS ${peak.toFixed(1)} MB < ${TARGETS.rssMB}: ${verdict(peak < TARGETS.rssMB)}`);
    out.push(`  ${tag}: ${parts.join('; ')}`);
    if (r.serverCalls !== r.reportCalls) out.push(`  ${tag}: note: server counted ${r.serverCalls} calls, the report ${r.reportCalls}`);
    if (r.collectionErrors > 0) out.push(`  ${tag}: note: ${r.collectionErrors} collection error(s)`);
    if (r.resources < r.buckets) out.push(`  ${tag}: note: only ${r.resources} resources scanned`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      buckets: { type: 'string', default: '1000,10000' },
      latency: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '64' },
      rules: { type: 'string', default: 'exposure' },
      'node-flags': { type: 'string', default: '' },
      scenario: { type: 'string' },
    },
  });
  if (values.scenario) {
    const result = await runScenario(JSON.parse(values.scenario) as Scenario);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const buckets = values.buckets.split(',').map(Number);
  const ruleSets = values.rules.split(',');
  for (const set of ruleSets) if (!(set in RULE_SETS)) throw new Error(`--rules: unknown set "${set}" (exposure, all)`);
  const latencyMs = Number(values.latency);
  const concurrency = Number(values.concurrency);
  if (buckets.some((n) => !Number.isInteger(n) || n <= 0) || !(latencyMs >= 0) || !(concurrency > 0)) {
    throw new Error('--buckets, --latency and --concurrency take positive numbers');
  }

  const nodeFlags = values['node-flags'].split(/\s+/).filter(Boolean);
  const results: ScenarioResult[] = [];
  for (const ruleSet of ruleSets) {
    for (const n of buckets) {
      process.stderr.write(`bench: ${ruleSet} rules, ${n} buckets, ${latencyMs} ms latency, concurrency ${concurrency} ...\n`);
      results.push(await spawnScenario({ buckets: n, latencyMs, concurrency, ruleSet }, nodeFlags));
    }
  }
  const flags = nodeFlags.length ? `, node flags ${nodeFlags.join(' ')}` : '';
  console.log(`ajar S3 bench: node ${process.version}, ${os.availableParallelism()} CPUs, latency ${latencyMs} ms, concurrency ${concurrency}${flags}`);
  console.log('floor = ceil(calls / concurrency) × latency; ratio = wall / floor; rss0 = maxRSS before the scan, peak = after');
  console.log('');
  console.log(render(results));

  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'bench-results.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.availableParallelism(), nodeFlags, targets: TARGETS, results }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
