/**
 * Inventory types of the AWS database services: RDS (MySQL, PostgreSQL, MariaDB, Oracle, SQL
 * Server, Aurora, and DocumentDB and Neptune, which the RDS API also serves), their snapshots,
 * Redshift, DynamoDB and OpenSearch. Plain JSON, like every inventory type.
 */
import type { SecurityGroup } from '../analysis/network.ts';
import type { Resource } from './common.ts';

export type { SecurityGroup };

export interface RdsInstanceInfo {
  /** mysql, postgres, aurora-mysql, docdb, neptune ... */
  engine: string;
  engineVersion?: string;
  status?: string;
  publiclyAccessible: boolean;
  /** DNS name of the endpoint; absent while the instance is being created. */
  endpoint?: string;
  /** The port the engine listens on (from the endpoint, else the engine's default). */
  port: number;
  vpcId?: string;
  securityGroupIds: string[];
  storageEncrypted: boolean;
  kmsKeyId?: string;
  /** The Aurora / DocumentDB / Neptune / Multi-AZ cluster the instance belongs to. */
  clusterId?: string;
}

export interface RdsInstanceFacets {
  instance: RdsInstanceInfo;
  /** The VPC security groups attached to the instance, with prefix lists resolved. */
  securityGroups: SecurityGroup[];
}

export interface RdsClusterInfo {
  engine: string;
  engineVersion?: string;
  engineMode?: string;
  status?: string;
  /** Set for Multi-AZ DB clusters; Aurora decides per member instance. */
  publiclyAccessible?: boolean;
  endpoint?: string;
  port?: number;
  securityGroupIds: string[];
  storageEncrypted: boolean;
  kmsKeyId?: string;
  members: { instanceId: string; writer: boolean }[];
}

export interface RdsClusterFacets {
  cluster: RdsClusterInfo;
}

export interface SnapshotInfo {
  engine?: string;
  /** manual, automated, shared, public, awsbackup ... as the API says. */
  snapshotType?: string;
  encrypted: boolean;
  /** The instance or cluster the snapshot was taken from. */
  sourceId?: string;
  createdAt?: string;
}

export interface SnapshotFacets {
  snapshot: SnapshotInfo;
  /**
   * The `restore` attribute: account ids allowed to copy or restore the snapshot; `all` means
   * every AWS account (the snapshot is public).
   */
  restoreAccounts: string[];
}

export interface RedshiftClusterInfo {
  publiclyAccessible: boolean;
  endpoint?: string;
  port: number;
  vpcId?: string;
  securityGroupIds: string[];
  encrypted: boolean;
  status?: string;
  nodeType?: string;
}

export interface RedshiftClusterFacets {
  cluster: RedshiftClusterInfo;
  securityGroups: SecurityGroup[];
}

export interface DynamoDbTableFacets {
  /** The table's resource-based policy (JSON text), or null when it has none. */
  policy: string | null;
}

export interface OpenSearchDomainInfo {
  engineVersion?: string;
  /** The public endpoint; absent for a VPC domain. */
  endpoint?: string;
  vpc: { vpcId?: string; securityGroupIds: string[]; subnetIds: string[] } | null;
  fineGrainedAccessControl: boolean;
  /** FGAC's anonymous access (requests without credentials get the anonymous role). */
  anonymousAuth: boolean;
  internalUserDatabase: boolean;
  encryptionAtRest: boolean;
  enforceHttps: boolean;
}

export interface OpenSearchDomainFacets {
  domain: OpenSearchDomainInfo;
  /** The domain access policy (JSON text), or null when it has none. */
  accessPolicy: string | null;
}

export type RdsInstance = Resource<'aws.rds.instance', RdsInstanceFacets>;
export type RdsCluster = Resource<'aws.rds.cluster', RdsClusterFacets>;
export type RdsDbSnapshot = Resource<'aws.rds.db-snapshot', SnapshotFacets>;
export type RdsClusterSnapshot = Resource<'aws.rds.cluster-snapshot', SnapshotFacets>;
export type RedshiftCluster = Resource<'aws.redshift.cluster', RedshiftClusterFacets>;
export type DynamoDbTable = Resource<'aws.dynamodb.table', DynamoDbTableFacets>;
export type OpenSearchDomain = Resource<'aws.opensearch.domain', OpenSearchDomainFacets>;

export type AwsDbResource = RdsInstance | RdsCluster | RdsDbSnapshot | RdsClusterSnapshot | RedshiftCluster | DynamoDbTable | OpenSearchDomain;
