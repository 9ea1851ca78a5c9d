/**
 * The AWS provider: who we are (STS), then every collector the plan needs. S3 is the only
 * service so far; each further service gets a file of its own beside s3.ts.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type pLimit from 'p-limit';
import type { AwsAccount, S3Bucket } from '../../inventory/aws.ts';
import type { CollectionError } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import { classifyAwsError, type ClassifiedError } from './errors.ts';
import { collectS3, type S3Facet } from './s3.ts';

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
}

export async function* collectAws(options: CollectAwsOptions): AsyncGenerator<AwsAccount | S3Bucket> {
  if (options.plan.s3Facets.size === 0 && !options.plan.wantAccount) return;
  yield* collectS3(
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
  );
}
