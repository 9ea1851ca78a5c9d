/**
 * One scan, end to end: plan the facets the selected rules need, collect them provider by
 * provider, evaluate each resource as soon as it arrives, and assemble the report. Findings are
 * streamed to `onFinding`; the report keeps only what its formats need (`keep`).
 */
import type { Logger } from 'pino';
import { UsageError } from './cli/errors.ts';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from './analysis/network.ts';
import type { Rule } from './engine/define-rule.ts';
import { annotateFinding, resolvedFindings, type PriorFindings } from './engine/comparison.ts';
import { evaluateRule } from './engine/evaluate.ts';
import { SEVERITIES, type Finding, type FindingStatus, type Severity } from './engine/finding.ts';
import { facetsByResourceType } from './engine/plan.ts';
import type { Suppressions } from './engine/suppressions.ts';
import { PROVIDERS, type CollectionError, type Provider, type ResourceType } from './inventory/common.ts';
import type { InventoryFile } from './inventory/file.ts';
import { loadCollector, type ProviderOptions } from './providers/index.ts';
import { ProviderNotScanned, type AnyResource, type CollectionPlan, type ProviderOutcome } from './providers/types.ts';
import type { Coverage, Report, ScanStats, ScopeEntry } from './report/model.ts';
import { ScanDeadlineReached } from './util/retry.ts';
import { VERSION } from './version.ts';

export type { AwsScanOptions } from './providers/index.ts';

export interface CollectOptions extends Partial<ProviderOptions> {
  rules: readonly Rule[];
  /** Providers to scan; default: those the options name. */
  providers?: readonly Provider[];
  concurrency: number;
  log: Logger;
  /** Per HTTP request (`--timeout`); each client's default (30 s) when absent. */
  timeoutMs?: number;
  /** The whole collection (`--max-scan-time`): past it, what is left is reported `scan-deadline`. */
  maxScanTimeMs?: number;
}

export interface ScanOptions extends CollectOptions {
  trustedAccounts: readonly string[];
  /** Default: DEFAULT_NETWORK_SETTINGS (public ranges wider than /16, IPv6 /32, are the internet). */
  network?: NetworkSettings;
  /** Which findings the returned report holds; streaming consumers can keep none. */
  keep: 'all' | 'non-pass' | 'none';
  /** Evaluate this saved inventory instead of calling any cloud API. */
  inventory?: InventoryFile;
  onFinding?: (finding: Finding) => void;
  onResource?: (count: number) => void;
  /** CI gate: a baseline report's failing findings; marks each failing finding new or existing. */
  baseline?: PriorFindings;
  /** CI gate: accepted risks, applied to each finding before it is streamed or counted. */
  suppressions?: Suppressions;
}

export interface CollectionOutcome {
  scope: ScopeEntry[];
  collectionErrors: CollectionError[];
  stats: ScanStats;
}

/** Error codes of a request that got no answer in time: the endpoint is up but silent. */
const TIMEOUT_CODES = new Set(['TimeoutError', 'ETIMEDOUT', 'RequestTimeout', 'scan-deadline', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const emptyCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const providerOf = (type: ResourceType): Provider => type.slice(0, type.indexOf('.')) as Provider;

function planFor(provider: Provider, plan: ReadonlyMap<ResourceType, Set<string>>): CollectionPlan {
  return new Map([...plan].filter(([type]) => providerOf(type) === provider));
}

/**
 * Reads from the clouds exactly the facets the rules need, handing each resource to `sink` as
 * soon as it is complete. Providers run side by side, each with its own concurrency limit. An
 * endpoint the user named that does not answer is a UsageError (exit 2), as is an unreachable
 * provider in a single-provider run; a provider that answers but refuses (no credentials,
 * AccessDenied on the listing) is recorded as not scanned and the scan goes on.
 */
export async function collect(options: CollectOptions, sink: (resource: AnyResource) => void): Promise<CollectionOutcome> {
  const plan = facetsByResourceType(options.rules);
  const providers = options.providers ?? PROVIDERS.filter((p) => options[p] !== undefined);
  const collectionErrors: CollectionError[] = [];
  const deadline = new AbortController();
  const timer =
    options.maxScanTimeMs === undefined
      ? undefined
      : setTimeout(() => deadline.abort(new ScanDeadlineReached(`the scan reached its --max-scan-time of ${options.maxScanTimeMs} ms`)), options.maxScanTimeMs);
  const outcomes = await Promise.all(
    providers.map(async (provider): Promise<ProviderOutcome> => {
      const providerOptions = options[provider];
      const providerPlan = planFor(provider, plan);
      if (providerOptions === undefined || providerPlan.size === 0) {
        return { scope: [], stats: { apiCalls: 0, apiCallsByOperation: {} } };
      }
      const collector = await loadCollector(provider);
      try {
        return await (collector.collect as (o: unknown, run: Parameters<typeof collector.collect>[1]) => Promise<ProviderOutcome>)(providerOptions, {
          plan: providerPlan,
          concurrency: options.concurrency,
          log: options.log,
          sink,
          onError: (error) => collectionErrors.push(error),
          timeoutMs: options.timeoutMs,
          signal: deadline.signal,
        });
      } catch (error) {
        if (!(error instanceof ProviderNotScanned)) throw error;
        const endpoint = (collector.endpointOf as (o: unknown) => string | undefined)(providerOptions);
        // An endpoint that took the connection but never answered is reachable: it is a failed
        // collection (exit 3), not a mistyped flag (exit 2).
        const unanswered = deadline.signal.aborted || TIMEOUT_CODES.has(error.code);
        if (error.network && !unanswered && (endpoint !== undefined || providers.length === 1)) {
          throw new UsageError(`cannot reach ${endpoint ?? collector.label}: ${error.operation} failed with ${error.code} (${error.detail})`);
        }
        const problem = (collector.usageProblem as ((o: unknown, e: ProviderNotScanned) => string | undefined) | undefined)?.(providerOptions, error);
        if (problem !== undefined) throw new UsageError(problem);
        collectionErrors.push({ provider, account: error.account, operation: error.operation, code: error.code, message: error.detail });
        options.log.error({ provider, operation: error.operation, code: error.code }, `${collector.label} could not be scanned`);
        const entry: ScopeEntry = { provider, account: error.account, endpoint, notScanned: error.message };
        return { scope: [entry], stats: { apiCalls: 0, apiCallsByOperation: {} } };
      }
    }),
  );
  clearTimeout(timer);
  if (deadline.signal.aborted) {
    // Whatever the collectors could not say for themselves: the run as a whole was cut short.
    for (const provider of providers) {
      collectionErrors.push({ provider, operation: 'scan', code: 'scan-deadline', message: `collection stopped after --max-scan-time (${options.maxScanTimeMs} ms); resources and scopes not yet read are missing` });
    }
    options.log.error({ maxScanTimeMs: options.maxScanTimeMs }, 'scan deadline reached: collection stopped, the rest is reported as unknown');
  }
  const apiCallsByOperation: Record<string, number> = {};
  for (const outcome of outcomes) {
    for (const [operation, count] of Object.entries(outcome.stats.apiCallsByOperation)) {
      apiCallsByOperation[operation] = (apiCallsByOperation[operation] ?? 0) + count;
    }
  }
  const retriesByProvider: Partial<Record<Provider, number>> = {};
  outcomes.forEach((outcome, i) => {
    if (outcome.stats.retries !== undefined) retriesByProvider[providers[i]!] = outcome.stats.retries;
  });
  return {
    scope: outcomes.flatMap((o) => o.scope),
    collectionErrors,
    stats: {
      apiCalls: outcomes.reduce((sum, o) => sum + o.stats.apiCalls, 0),
      apiCallsByOperation,
      retries: Object.values(retriesByProvider).reduce((sum, n) => sum + n, 0),
      retriesByProvider,
    },
  };
}

export async function runScan(options: ScanOptions): Promise<Report> {
  const started = new Date();
  const findings: Finding[] = [];
  const byStatus = emptyCounts<FindingStatus>(['pass', 'fail', 'unknown', 'error']);
  const failingBySeverity = emptyCounts<Severity>(SEVERITIES);
  const coverage = { resources: 0, facetsRequested: 0, facetsRead: 0 };
  const ctx = { trustedAccounts: new Set(options.trustedAccounts), network: options.network ?? DEFAULT_NETWORK_SETTINGS };
  const types = new Set(options.rules.map((rule) => rule.meta.resourceType));
  // CI gate hook: baseline lifecycle and suppressions, before the finding leaves the engine.
  const passedNow = new Set<string>();
  const gateHook = (finding: Finding): Finding => {
    if (options.baseline) {
      annotateFinding(finding, options.baseline);
      if (finding.status === 'pass') passedNow.add(finding.fingerprint);
    }
    options.suppressions?.apply(finding);
    return finding;
  };

  const accept = (resource: AnyResource) => {
    if (!types.has(resource.ref.type)) return;
    coverage.resources += 1;
    for (const facet of Object.values(resource.facets)) {
      coverage.facetsRequested += 1;
      if ((facet as { state: string }).state === 'ok') coverage.facetsRead += 1;
    }
    for (const rule of options.rules) {
      if (rule.meta.resourceType !== resource.ref.type) continue;
      const finding = gateHook(evaluateRule(rule, resource, ctx));
      byStatus[finding.status] += 1;
      if (finding.status === 'fail') failingBySeverity[finding.severity] += 1;
      options.onFinding?.(finding);
      if (options.keep === 'all' || (options.keep === 'non-pass' && finding.status !== 'pass')) findings.push(finding);
    }
    options.onResource?.(coverage.resources);
  };

  let outcome: CollectionOutcome;
  if (options.inventory) {
    for (const resource of options.inventory.resources) accept(resource);
    // Replaying makes no API call; the collection's own errors and scope still describe the data.
    outcome = { scope: options.inventory.scope, collectionErrors: options.inventory.collectionErrors, stats: { apiCalls: 0, apiCallsByOperation: {} } };
  } else {
    outcome = await collect(options, accept);
  }
  const { scope, collectionErrors, stats } = outcome;

  const listingsFailed = collectionErrors.length;
  const asked = coverage.facetsRequested + listingsFailed;
  const measured: Coverage = { ...coverage, listingsFailed, ratio: asked === 0 ? 0 : coverage.facetsRead / asked };
  const finished = new Date();
  return {
    tool: { name: 'ajar', version: VERSION },
    scope,
    timing: { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime() },
    rules: options.rules.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      severity: meta.severity,
      description: meta.description,
      risk: meta.risk,
      remediation: meta.remediation,
      references: meta.references,
      resourceType: meta.resourceType,
    })),
    findings,
    collectionErrors,
    coverage: measured,
    summary: { byStatus, failingBySeverity },
    stats,
    ...(options.baseline
      ? {
          comparison: {
            against: options.baseline.against,
            previousScanAt: options.baseline.previousScanAt,
            resolved: resolvedFindings(options.baseline, passedNow, finished.toISOString()),
          },
        }
      : {}),
    ...(options.suppressions ? { suppressions: options.suppressions.outcome(options.rules.map((rule) => rule.meta.id)) } : {}),
  };
}
