/**
 * The AWS provider: who we are (STS), then every collector the plan needs: S3 (global listing)
 * and the regional database services, side by side, streamed as each resource completes.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type pLimit from 'p-limit';
import type { AwsAccount, S3Bucket } from '../../inventory/aws.ts';
import type { CollectionError } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import { classifyAwsError, type ClassifiedError } from './errors.ts';
import { collectS3, type S3Facet } from './s3.ts';
import type { AwsDbResource } from '../../inventory/aws-db.ts';
import type { AwsDbType } from './db-facets.ts';

export class ProviderUnreachable extends Error {
  readonly operation: string;
  readonly classified: ClassifiedError;
  constructor(operation: string, classified: ClassifiedError) {
    super(`${operation} failed: ${classified.code}: ${classified.message}`);
    this.operation = operation;
    this.classified = classified;
  }
}

export interface AwsPlan {
  s3Facets: ReadonlySet<S3Facet>;
  wantAccount: boolean;
  /** Database resource types and their facets; empty when only S3 rules are selected. */
  db?: ReadonlyMap<AwsDbType, ReadonlySet<string>>;
}

/**
 * The account id from STS. S3-compatible stores often have no STS; there the owner id from
 * ListBuckets names the account, and failing that the endpoint's host does.
 */
export async function resolveAccount(clients: AwsClients, endpoint: string | undefined, limit: ReturnType<typeof pLimit>): Promise<string> {
  try {
    const identity = await limit(() => clients.stsClient().send(new GetCallerIdentityCommand({})));
    if (identity.Account) return identity.Account;
  } catch (error) {
    const failure = classifyAwsError(error);
    if (failure.network) throw new ProviderUnreachable('sts:GetCallerIdentity', failure);
    if (!endpoint) throw new ProviderUnreachable('sts:GetCallerIdentity', failure);
  }
  try {
    const owner = await limit(() => clients.s3For('us-east-1').send(new ListBucketsCommand({ MaxBuckets: 1 })));
    if (owner.Owner?.ID) return owner.Owner.ID;
  } catch (error) {
    const failure = classifyAwsError(error);
    if (failure.network) throw new ProviderUnreachable('s3:ListBuckets', failure);
  }
  return new URL(endpoint!).host;
}

export interface CollectAwsOptions {
  clients: AwsClients;
  account: string;
  plan: AwsPlan;
  regions: readonly string[];
  defaultRegion: string;
  limit: ReturnType<typeof pLimit>;
  window: number;
  onError: (error: CollectionError) => void;
  /** The custom endpoint, if any (the database services probe whether it serves them). */
  endpoint?: string;
  warn?: (message: string) => void;
}

export async function* collectAws(options: CollectAwsOptions): AsyncGenerator<AwsAccount | S3Bucket | AwsDbResource> {
  const dbPlan = options.plan.db ?? new Map<AwsDbType, ReadonlySet<string>>();
  const buffer: AwsDbResource[] = [];
  let wake: (() => void) | undefined;
  let finished = dbPlan.size === 0;
  let failure: { error: unknown } | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  if (!finished) {
    // Loaded on demand: the database SDK clients cost ~100 MB of memory an S3-only scan never needs.
    void import('./databases.ts')
      .then(({ collectAwsDatabases }) => collectAwsDatabases({
      clients: options.clients,
      account: options.account,
      plan: dbPlan,
      regions: options.regions,
      defaultRegion: options.defaultRegion,
      limit: options.limit,
      endpoint: options.endpoint,
      onError: options.onError,
      warn: options.warn ?? (() => {}),
      emit: (resource) => {
        buffer.push(resource);
        signal();
      },
    }))
      .catch((error: unknown) => (failure = { error }))
      .finally(() => {
        finished = true;
        signal();
      });
  }
  if (options.plan.s3Facets.size > 0 || options.plan.wantAccount) {
    for await (const resource of collectS3(
      {
        clients: options.clients,
        account: options.account,
        facets: options.plan.s3Facets,
        regions: options.regions,
        defaultRegion: options.defaultRegion,
        limit: options.limit,
        onError: options.onError,
        window: options.window,
      },
      options.plan.wantAccount,
    )) {
      yield resource;
      yield* buffer.splice(0);
    }
  }
  while (!finished || buffer.length > 0) {
    if (buffer.length > 0) yield* buffer.splice(0);
    else await new Promise<void>((resolve) => (wake = resolve));
  }
  if (failure) throw failure.error;
}
