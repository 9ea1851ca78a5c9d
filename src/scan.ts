/**
 * One scan, end to end: plan the facets the selected rules need, collect them provider by
 * provider, evaluate each resource as soon as it arrives, and assemble the report. Findings are
 * streamed to `onFinding`; the report keeps only what its formats need (`keep`).
 */
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from './cli/errors.ts';
import type { Rule } from './engine/define-rule.ts';
import { evaluateRule } from './engine/evaluate.ts';
import { SEVERITIES, type Finding, type FindingStatus, type Severity } from './engine/finding.ts';
import { facetsByResourceType } from './engine/plan.ts';
import type { CollectionError, Resource, ResourceType } from './inventory/common.ts';
import type { InventoryFile } from './inventory/file.ts';
import { AwsClients } from './providers/aws/clients.ts';
import { collectAws, ProviderUnreachable, resolveAccount } from './providers/aws/index.ts';
import { ListingFailed, type S3Facet } from './providers/aws/s3.ts';
import type { Report, ScopeEntry } from './report/model.ts';
import { VERSION } from './version.ts';

export interface AwsScanOptions {
  endpoint?: string;
  pathStyle?: boolean;
  profile?: string;
  regions: string[];
  defaultRegion?: string;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

export interface CollectOptions {
  rules: readonly Rule[];
  aws: AwsScanOptions;
  concurrency: number;
  log: Logger;
}

export interface ScanOptions extends CollectOptions {
  trustedAccounts: readonly string[];
  /** Which findings the returned report holds; streaming consumers can keep none. */
  keep: 'all' | 'non-pass' | 'none';
  /** Evaluate this saved inventory instead of calling any cloud API. */
  inventory?: InventoryFile;
  onFinding?: (finding: Finding) => void;
  onResource?: (count: number) => void;
}

type AnyResource = Resource<ResourceType, Record<string, unknown>>;

export interface CollectionOutcome {
  scope: ScopeEntry[];
  collectionErrors: CollectionError[];
  stats: { apiCalls: number; apiCallsByOperation: Record<string, number> };
}

const emptyCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Reads from the cloud exactly the facets the rules need, handing each resource to `sink` as
 * soon as it is complete. An unreachable endpoint is a UsageError (exit 2); a provider that
 * answers but refuses (no credentials, AccessDenied on the listing) is recorded as not scanned.
 */
export async function collect(options: CollectOptions, sink: (resource: AnyResource) => void): Promise<CollectionOutcome> {
  const plan = facetsByResourceType(options.rules);
  const collectionErrors: CollectionError[] = [];
  const aws = options.aws;
  const defaultRegion = aws.defaultRegion ?? aws.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1';
  const clients = new AwsClients({
    endpoint: aws.endpoint,
    pathStyle: aws.pathStyle,
    profile: aws.profile,
    defaultRegion,
    concurrency: options.concurrency,
    credentials: aws.credentials,
    maxAttempts: aws.maxAttempts,
  });
  const limit = pLimit(options.concurrency);
  const entry: ScopeEntry = { provider: 'aws', regions: aws.regions.length ? aws.regions : undefined, endpoint: aws.endpoint };
  const where = aws.endpoint ?? 'AWS';
  try {
    const account = await resolveAccount(clients, aws.endpoint, limit);
    entry.account = account;
    options.log.info({ account, endpoint: aws.endpoint }, 'scanning AWS account');
    const s3Facets = plan.get('aws.s3.bucket') ?? new Set<string>();
    const awsPlan = { s3Facets: s3Facets as Set<S3Facet>, wantAccount: plan.has('aws.account') };
    for await (const resource of collectAws({
      clients,
      account,
      plan: awsPlan,
      regions: aws.regions,
      defaultRegion,
      limit,
      window: Math.max(16, options.concurrency * 2),
      onError: (error) => collectionErrors.push(error),
    })) {
      sink(resource as AnyResource);
    }
  } catch (error) {
    if (error instanceof ProviderUnreachable || error instanceof ListingFailed) {
      const failure = error.classified;
      const operation = error instanceof ProviderUnreachable ? error.operation : 's3:ListBuckets';
      if (failure.network) throw new UsageError(`cannot reach ${where}: ${operation} failed with ${failure.code} (${failure.message})`);
      entry.notScanned = `${operation} failed with ${failure.code}: ${failure.message}`;
      collectionErrors.push({ provider: 'aws', account: entry.account, operation, code: failure.code, message: failure.message });
      options.log.error({ operation, code: failure.code }, 'AWS could not be scanned');
    } else throw error;
  } finally {
    clients.destroy();
  }
  return { scope: [entry], collectionErrors, stats: { apiCalls: clients.counter.total, apiCallsByOperation: clients.counter.toJSON() } };
}

export async function runScan(options: ScanOptions): Promise<Report> {
  const started = new Date();
  const findings: Finding[] = [];
  const byStatus = emptyCounts<FindingStatus>(['pass', 'fail', 'unknown', 'error']);
  const failingBySeverity = emptyCounts<Severity>(SEVERITIES);
  const coverage = { resources: 0, facetsRequested: 0, facetsRead: 0, ratio: 1 };
  const ctx = { trustedAccounts: new Set(options.trustedAccounts) };
  const types = new Set(options.rules.map((rule) => rule.meta.resourceType));

  const accept = (resource: AnyResource) => {
    if (!types.has(resource.ref.type)) return;
    coverage.resources += 1;
    for (const facet of Object.values(resource.facets)) {
      coverage.facetsRequested += 1;
      if ((facet as { state: string }).state === 'ok') coverage.facetsRead += 1;
    }
    for (const rule of options.rules) {
      if (rule.meta.resourceType !== resource.ref.type) continue;
      const finding = evaluateRule(rule, resource, ctx);
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

  coverage.ratio = coverage.facetsRequested === 0 ? 1 : coverage.facetsRead / coverage.facetsRequested;
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
    coverage,
    summary: { byStatus, failingBySeverity },
    stats,
  };
}
