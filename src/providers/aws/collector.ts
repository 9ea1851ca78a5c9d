/** AWS as a provider of the scan: one account per run, from the standard credential chain. */
import pLimit from 'p-limit';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ScopeEntry } from '../../report/model.ts';
import { ProviderNotScanned, type ProviderCollector } from '../types.ts';
import { awsPermissionsPolicy } from '../../engine/permissions.ts';
import { AwsClients } from './clients.ts';
import { collectAws, ProviderUnreachable, resolveAccount } from './index.ts';
import { ListingFailed, type S3Facet } from './s3.ts';
import { isAwsDbType, type AwsDbType } from './db-facets.ts';
import { logRejection } from '../credential-state.ts';

export interface AwsScanOptions {
  endpoint?: string;
  pathStyle?: boolean;
  profile?: string;
  regions: string[];
  defaultRegion?: string;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

export const awsCollector: ProviderCollector<AwsScanOptions> = {
  id: 'aws',
  label: 'AWS',
  endpointOf: (options) => options.endpoint,
  // The SDK says "Could not resolve credentials using profile: [x]" or, with no config file at
  // all, "Could not load credentials from any providers"; either way the profile named is the cause.
  usageProblem: (options, failure) =>
    options.profile !== undefined && failure.code === 'CredentialsProviderError'
      ? `--profile ${options.profile}: no credentials from that AWS profile (${failure.detail}); check ~/.aws/config and ~/.aws/credentials, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE`
      : undefined,
  permissions: (rules) => ({ kind: 'IAM policy', document: awsPermissionsPolicy(rules) }),
  async collect(aws, run) {
    const defaultRegion = aws.defaultRegion ?? aws.regions[0] ?? process.env.AWS_REGION ?? 'us-east-1';
    const clients = new AwsClients({
      endpoint: aws.endpoint,
      pathStyle: aws.pathStyle,
      profile: aws.profile,
      log: run.log,
      defaultRegion,
      concurrency: run.concurrency,
      credentials: aws.credentials,
      maxAttempts: aws.maxAttempts,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      onCredentialsRejected: logRejection(run.log, 'aws', 'AWS'),
    });
    const limit = pLimit(run.concurrency);
    const entry: ScopeEntry = { provider: 'aws', regions: aws.regions.length ? aws.regions : undefined, endpoint: aws.endpoint };
    try {
      const account = await resolveAccount(clients, aws.endpoint, limit);
      entry.account = account;
      run.log.info({ account, endpoint: aws.endpoint }, 'scanning AWS account');
      const s3Facets = run.plan.get('aws.s3.bucket') ?? new Set<string>();
      const db = new Map([...run.plan].filter((entry): entry is [AwsDbType, ReadonlySet<string>] => isAwsDbType(entry[0])));
      for await (const resource of collectAws({
        clients,
        account,
        plan: { s3Facets: s3Facets as ReadonlySet<S3Facet>, wantAccount: run.plan.has('aws.account'), db },
        regions: aws.regions,
        defaultRegion,
        limit,
        window: Math.max(16, run.concurrency * 2),
        onError: run.onError,
        endpoint: aws.endpoint,
        warn: (message) => run.log.warn(message),
      })) {
        run.sink(resource as never);
      }
    } catch (error) {
      if (error instanceof ProviderUnreachable || error instanceof ListingFailed) {
        const failure = error.classified;
        const operation = error instanceof ProviderUnreachable ? error.operation : 's3:ListBuckets';
        throw new ProviderNotScanned({ operation, code: failure.code, message: failure.message, network: failure.network, account: entry.account });
      }
      throw error;
    } finally {
      clients.destroy();
    }
    return { scope: [entry], stats: { apiCalls: clients.counter.total, apiCallsByOperation: clients.counter.toJSON(), retries: clients.retries } };
  },
};
