/**
 * How each facet of the AWS database resource types is read: the operation behind it and the IAM
 * permission it needs, plus the listing each type always needs. The collectors, `ajar
 * permissions` and the documentation all read this one table.
 */
import type pLimit from 'p-limit';
import type { AwsDbResource } from '../../inventory/aws-db.ts';
import type { CollectionError, ResourceType } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import type { SecurityGroupLookup } from './ec2-security-groups.ts';
import { classifyAwsError } from './errors.ts';

export type AwsDbType = AwsDbResource['ref']['type'];

export const AWS_DB_TYPES: readonly AwsDbType[] = [
  'aws.rds.instance',
  'aws.rds.cluster',
  'aws.rds.db-snapshot',
  'aws.rds.cluster-snapshot',
  'aws.redshift.cluster',
  'aws.dynamodb.table',
  'aws.opensearch.domain',
];

export const isAwsDbType = (type: ResourceType): type is AwsDbType => (AWS_DB_TYPES as readonly string[]).includes(type);

interface FacetSource {
  operation: string;
  permission: string;
}

/** Kept here, not beside the EC2 collector, so `ajar permissions` never loads the EC2 SDK. */
export const SECURITY_GROUP_OPERATIONS = {
  describe: { operation: 'DescribeSecurityGroups', permission: 'ec2:DescribeSecurityGroups' },
  prefixList: { operation: 'GetManagedPrefixListEntries', permission: 'ec2:GetManagedPrefixListEntries' },
} as const;

const SG = SECURITY_GROUP_OPERATIONS;
const securityGroups: FacetSource[] = [SG.describe, SG.prefixList];

/** The listing call of each type: needed whatever facet is asked for. */
export const DB_LISTING: Record<AwsDbType, FacetSource[]> = {
  'aws.rds.instance': [{ operation: 'DescribeDBInstances', permission: 'rds:DescribeDBInstances' }],
  'aws.rds.cluster': [
    { operation: 'DescribeDBClusters', permission: 'rds:DescribeDBClusters' },
  ],
  'aws.rds.db-snapshot': [{ operation: 'DescribeDBSnapshots', permission: 'rds:DescribeDBSnapshots' }],
  'aws.rds.cluster-snapshot': [{ operation: 'DescribeDBClusterSnapshots', permission: 'rds:DescribeDBClusterSnapshots' }],
  'aws.redshift.cluster': [{ operation: 'DescribeClusters', permission: 'redshift:DescribeClusters' }],
  'aws.dynamodb.table': [{ operation: 'ListTables', permission: 'dynamodb:ListTables' }],
  'aws.opensearch.domain': [
    { operation: 'ListDomainNames', permission: 'es:ListDomainNames' },
    { operation: 'DescribeDomains', permission: 'es:DescribeDomains' },
  ],
};

/** Facets beyond what the listing already returns. */
export const DB_FACET_SOURCES: Record<AwsDbType, Record<string, FacetSource[]>> = {
  'aws.rds.instance': { instance: [], securityGroups },
  'aws.rds.cluster': { cluster: [] },
  'aws.rds.db-snapshot': {
    snapshot: [],
    restoreAccounts: [{ operation: 'DescribeDBSnapshotAttributes', permission: 'rds:DescribeDBSnapshotAttributes' }],
  },
  'aws.rds.cluster-snapshot': {
    snapshot: [],
    restoreAccounts: [{ operation: 'DescribeDBClusterSnapshotAttributes', permission: 'rds:DescribeDBClusterSnapshotAttributes' }],
  },
  'aws.redshift.cluster': { cluster: [], securityGroups },
  'aws.dynamodb.table': { policy: [{ operation: 'GetResourcePolicy', permission: 'dynamodb:GetResourcePolicy' }] },
  'aws.opensearch.domain': { domain: [], accessPolicy: [] },
};

/** Region enumeration, for the regional services when --regions is not given. */
export const DESCRIBE_REGIONS = { operation: 'DescribeRegions', permission: 'ec2:DescribeRegions' };

/** The least-privilege permissions for the given plan of database types and facets. */
export function dbPermissions(plan: ReadonlyMap<ResourceType, ReadonlySet<string>>): string[] {
  const out = new Set<string>();
  for (const [type, facets] of plan) {
    if (!isAwsDbType(type)) continue;
    out.add(DESCRIBE_REGIONS.permission);
    DB_LISTING[type].forEach((s) => out.add(s.permission));
    for (const facet of facets) DB_FACET_SOURCES[type][facet]?.forEach((s) => out.add(s.permission));
  }
  return [...out];
}

/** What a regional database collector is given: one region, the shared limit, and where to put results. */
export interface RegionalRun {
  clients: AwsClients;
  account: string;
  region: string;
  limit: ReturnType<typeof pLimit>;
  /** Facets wanted per database type (only the types the selected rules need). */
  plan: ReadonlyMap<AwsDbType, ReadonlySet<string>>;
  securityGroups: SecurityGroupLookup;
  emit: (resource: AwsDbResource) => void;
  onError: (error: CollectionError) => void;
}

/** Records a failed listing of the type, named by its listing permission: the whole type in this region is unknown. */
export function listingFailed(run: RegionalRun, type: AwsDbType, error: unknown): void {
  const { code, message } = classifyAwsError(error);
  run.onError({ provider: 'aws', account: run.account, region: run.region, operation: DB_LISTING[type][0]!.permission, code, message });
}
