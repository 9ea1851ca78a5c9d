/**
 * The AWS database services, region by region: the regions come from --regions or, failing that,
 * from ec2:DescribeRegions (the regions enabled for the account); every region and service runs
 * side by side under the provider's one call limit.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type pLimit from 'p-limit';
import type { AwsDbResource } from '../../inventory/aws-db.ts';
import type { CollectionError } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import { DESCRIBE_REGIONS, type AwsDbType } from './db-facets.ts';
import { collectDynamoDb } from './dynamodb.ts';
import { SecurityGroupLookup } from './ec2-security-groups.ts';
import { classifyAwsError, isUnservedApi, type ClassifiedError } from './errors.ts';
import { collectOpenSearch } from './opensearch.ts';
import { collectRds } from './rds.ts';
import { collectRedshift } from './redshift.ts';
import { ec2Client } from './db-clients.ts';

export interface DatabaseCollectOptions {
  clients: AwsClients;
  account: string;
  plan: ReadonlyMap<AwsDbType, ReadonlySet<string>>;
  /** --regions; empty means every region enabled for the account. */
  regions: readonly string[];
  defaultRegion: string;
  limit: ReturnType<typeof pLimit>;
  /** A custom endpoint (emulator or S3-compatible store); it may not serve the regional services. */
  endpoint?: string;
  onError: (error: CollectionError) => void;
  warn: (message: string) => void;
  emit: (resource: AwsDbResource) => void;
}

/**
 * The regions to scan: --regions, else every region enabled for the account. A custom endpoint is
 * one server, so there the default region stands in for "all"; the call is still made there as a
 * probe, because an S3-compatible store (MinIO, Ceph, R2 ...) serves no EC2 API: only an answer
 * that says so (isUnservedApi) means "no database services here", a warning. Any other failure
 * (403, throttling past the attempt cap, 5xx, no answer) is a collection error: the regions, and
 * so the databases in them, were not read. With --regions named the list itself is not needed,
 * so a probe that was answered, even with a refusal, lets the named regions be scanned.
 */
async function regionsToScan(options: DatabaseCollectOptions): Promise<string[] | undefined> {
  const named = options.regions.length > 0 ? [...options.regions] : undefined;
  if (named && !options.endpoint) return named;
  try {
    const out = await options.limit(() => ec2Client(options.clients, options.defaultRegion).send(new DescribeRegionsCommand({})));
    if (named) return named;
    if (options.endpoint) return [options.defaultRegion];
    return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  } catch (error) {
    const failure = classifyAwsError(error);
    if (options.endpoint && isUnservedApi(failure)) {
      options.warn(`${options.endpoint} does not serve ec2:DescribeRegions (${failure.code}); database services not scanned there`);
      return undefined;
    }
    if (named && !failure.network) return named;
    options.onError({
      provider: 'aws',
      account: options.account,
      operation: `ec2:${DESCRIBE_REGIONS.operation}`,
      code: failure.code,
      message: `${failure.message} (database services not scanned: ${regionsAdvice(failure)})`,
    });
    return undefined;
  }
}

/** What would get the databases scanned: only advice that would actually help. */
function regionsAdvice(failure: ClassifiedError): string {
  if (failure.network) return 'EC2 did not answer';
  return 'name the regions with --regions to scan them without the region list, or grant ec2:DescribeRegions';
}

export async function collectAwsDatabases(options: DatabaseCollectOptions): Promise<void> {
  if (options.plan.size === 0) return;
  const regions = await regionsToScan(options);
  if (!regions) return;
  await Promise.all(
    regions.map(async (region) => {
      const run = {
        clients: options.clients,
        account: options.account,
        region,
        limit: options.limit,
        plan: options.plan,
        securityGroups: new SecurityGroupLookup(options.clients, region, options.limit),
        emit: options.emit,
        onError: options.onError,
      };
      await Promise.all([collectRds(run), collectRedshift(run), collectDynamoDb(run), collectOpenSearch(run)]);
    }),
  );
}
