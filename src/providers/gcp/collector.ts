/**
 * Google Cloud as a provider of the scan: Application Default Credentials, the named projects or
 * every project the identity can see, and per project the collectors the plan needs (Cloud
 * Storage, Cloud SQL, BigQuery).
 */
import pLimit from 'p-limit';
import type { Rule } from '../../engine/define-rule.ts';
import { facetsByResourceType } from '../../engine/plan.ts';
import type { ScopeEntry } from '../../report/model.ts';
import { ProviderNotScanned, type AnyResource, type ProviderCollector, type ProviderRun } from '../types.ts';
import { BIGQUERY_DATASETS_GET, BIGQUERY_DATASETS_LIST, collectBigQuery } from './bigquery.ts';
import { GcpApiError, GcpClient, GcpCredentialsMissing, tokenSourceFor } from './clients.ts';
import { logRejection, type CredentialState } from '../credential-state.ts';
import { AdaptiveRateLimiter } from '../../util/retry.ts';
import { listProjects, PROJECTS_SEARCH } from './projects.ts';
import { collectSql, SQL_INSTANCES_LIST } from './sql.ts';
import { collectStorage, GCS_FACET_SOURCES, type GcsFacet } from './storage.ts';
import { GcsClient } from './storage-client.ts';
import type { CustomRoleDefinition } from '../../inventory/gcp.ts';

export interface GcpScanOptions {
  /** Project ids to scan; empty means every project the identity can list. */
  projects: string[];
  /** Root URL standing in for every *.googleapis.com service (emulators, Private Service Connect). */
  endpoint?: string;
  /** Attempts per call, retries included (tests lower it). */
  maxAttempts?: number;
}

/** The custom role granting exactly what the selected rules need (`ajar permissions gcp`). */
export function gcpCustomRole(rules: readonly Rule[], projectsNamed = false): object {
  const plan = facetsByResourceType(rules);
  const permissions = new Set<string>();
  const bucketFacets = plan.get('gcp.storage.bucket');
  if (bucketFacets) {
    permissions.add('storage.buckets.list');
    for (const facet of bucketFacets) permissions.add(GCS_FACET_SOURCES[facet as GcsFacet].permission);
  }
  if (plan.has('gcp.sql.instance')) permissions.add(SQL_INSTANCES_LIST.permission);
  if (plan.has('gcp.bigquery.dataset')) {
    permissions.add(BIGQUERY_DATASETS_LIST.permission);
    permissions.add(BIGQUERY_DATASETS_GET.permission);
  }
  if (!projectsNamed && permissions.size > 0) permissions.add(PROJECTS_SEARCH.permission);
  return {
    title: 'ajar read-only scanner',
    description: 'Reads the storage, database and access settings the selected ajar rules evaluate. Grants no data access.',
    stage: 'GA',
    includedPermissions: [...permissions].sort(),
  };
}

const notScanned = (operation: string, error: { code?: string; message: string; network?: boolean }, account?: string) =>
  new ProviderNotScanned({ operation, code: error.code ?? 'Error', message: error.message, network: error.network ?? false, account });

/** A failure that ends the run: an API call that failed for good, or credentials that stopped working. */
function notScannedFor(error: unknown): unknown {
  if (error instanceof GcpApiError) return notScanned(error.operation, error);
  if (error instanceof GcpCredentialsMissing) return notScanned('ApplicationDefaultCredentials', { code: 'CredentialsRefused', message: error.message, network: error.network });
  return error;
}

async function drain<T extends AnyResource>(resources: AsyncGenerator<T>, run: ProviderRun): Promise<void> {
  for await (const resource of resources) run.sink(resource);
}

export const gcpCollector: ProviderCollector<GcpScanOptions> = {
  id: 'gcp',
  label: 'Google Cloud',
  endpointOf: (options) => options.endpoint,
  permissions: (rules) => ({ kind: 'IAM custom role (gcloud iam roles create --file)', document: gcpCustomRole(rules) }),
  async collect(options, run) {
    let token;
    try {
      token = await tokenSourceFor(options.endpoint);
    } catch (error) {
      if (error instanceof GcpCredentialsMissing) throw notScanned('ApplicationDefaultCredentials', { code: 'CredentialsMissing', message: error.message, network: error.network });
      throw error;
    }
    const credentials: CredentialState = { onRejected: logRejection(run.log, 'gcp', 'Google Cloud') };
    // One rate limiter and one credential state for both Google clients of the run.
    const limiter = new AdaptiveRateLimiter();
    const client = new GcpClient({ endpoint: options.endpoint, token, credentials, limiter, maxAttempts: options.maxAttempts, timeoutMs: run.timeoutMs, signal: run.signal });
    // Cloud Storage goes through @google-cloud/storage; its calls land in the same counter.
    const gcs = new GcsClient({ endpoint: options.endpoint, token, credentials, limiter, counter: client.counter, maxAttempts: options.maxAttempts, timeoutMs: run.timeoutMs, signal: run.signal });
    const limit = pLimit(run.concurrency);
    let projects = options.projects;
    if (projects.length === 0) {
      try {
        projects = await listProjects(client, limit);
      } catch (error) {
        throw notScannedFor(error);
      }
      if (projects.length === 0) {
        throw notScanned(PROJECTS_SEARCH.operation, { code: 'NoProjectsVisible', message: 'the identity can see no active project; name one with --project' });
      }
    }
    run.log.info({ projects: projects.length, endpoint: options.endpoint }, 'scanning Google Cloud projects');
    const bucketFacets = run.plan.get('gcp.storage.bucket');
    const roleCache = new Map<string, Promise<CustomRoleDefinition>>();
    const common = { client, limit, log: run.log, onError: run.onError };
    const scope: ScopeEntry[] = [];
    try {
      await Promise.all(
        projects.map(async (project) => {
          scope.push({ provider: 'gcp', account: project, endpoint: options.endpoint });
          const work: Promise<void>[] = [];
          if (bucketFacets) work.push(drain(collectStorage({ ...common, gcs, project, facets: bucketFacets, roleCache }), run));
          if (run.plan.has('gcp.sql.instance')) work.push(drain(collectSql({ ...common, project }), run));
          if (run.plan.has('gcp.bigquery.dataset')) work.push(drain(collectBigQuery({ ...common, project }), run));
          await Promise.all(work);
        }),
      );
    } catch (error) {
      // Only an endpoint that stopped answering (or credentials that stopped working) gets here.
      throw notScannedFor(error);
    }
    scope.sort((a, b) => (a.account ?? '').localeCompare(b.account ?? ''));
    return { scope, stats: { apiCalls: client.counter.total, apiCallsByOperation: client.counter.toJSON(), retries: client.counter.retries } };
  },
};
