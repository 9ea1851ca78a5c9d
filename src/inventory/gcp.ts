import type { Resource } from './common.ts';

/** An IAM policy binding (https://cloud.google.com/storage/docs/json_api/v1/buckets/getIamPolicy). */
export interface IamBinding {
  role: string;
  members: string[];
  /** IAM Conditions (policy version 3): a CEL expression narrowing the grant. */
  condition?: { title?: string; description?: string; expression: string };
}

export interface IamPolicy {
  version: number;
  bindings: IamBinding[];
}

/** A legacy ACL entry: `entity` is allUsers, allAuthenticatedUsers, user-<email>, project-owners-<n> ... */
export interface AclEntry {
  entity: string;
  /** Bucket ACL: OWNER | WRITER | READER. Default object ACL: OWNER | READER. */
  role: string;
}

export type PublicAccessPrevention = 'enforced' | 'inherited' | 'unspecified';

export interface GcsIamConfiguration {
  uniformBucketLevelAccess: boolean;
  publicAccessPrevention: PublicAccessPrevention;
}

/** A custom role's permissions, or why they could not be read (iam.roles.get). */
export type CustomRoleDefinition = { permissions: string[] } | { unreadable: { code: string; message: string } };

export interface GcsBucketFacets {
  iamConfiguration: GcsIamConfiguration;
  iamPolicy: IamPolicy;
  /** Custom roles bound to allUsers / allAuthenticatedUsers, resolved to their permissions. */
  customRoles: Record<string, CustomRoleDefinition>;
  /** null when uniform bucket-level access is on (ACLs do not apply and cannot be read). */
  acl: AclEntry[] | null;
  defaultObjectAcl: AclEntry[] | null;
  /**
   * The project's effective `storage.publicAccessPrevention` organization policy: true when
   * enforced. Decides buckets whose own setting is `inherited`.
   */
  orgPublicAccessPrevention: boolean;
  website: { mainPageSuffix?: string; notFoundPage?: string } | null;
  versioning: { enabled: boolean };
  retentionPolicy: { retentionPeriodSeconds: number; isLocked: boolean } | null;
}

export interface CloudSqlNetwork {
  /** A public IPv4 address is assigned (settings.ipConfiguration.ipv4Enabled). */
  ipv4Enabled: boolean;
  authorizedNetworks: { value: string; name?: string }[];
  /** Addresses of type PRIMARY (public) from ipAddresses. */
  publicIpAddresses: string[];
  privateNetwork?: string;
}

export interface CloudSqlSsl {
  /** Legacy flag; superseded by sslMode but still returned. */
  requireSsl?: boolean;
  /** ALLOW_UNENCRYPTED_AND_ENCRYPTED | ENCRYPTED_ONLY | TRUSTED_CLIENT_CERTIFICATE_REQUIRED. */
  sslMode?: string;
}

export interface CloudSqlInstanceFacets {
  network: CloudSqlNetwork;
  ssl: CloudSqlSsl;
  databaseVersion: string;
}

/** A BigQuery dataset access entry (https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.access). */
export interface BigQueryAccessEntry {
  role?: string;
  specialGroup?: string;
  iamMember?: string;
  userByEmail?: string;
  groupByEmail?: string;
  domain?: string;
  /** Authorized view / routine / dataset entries carry no role; named here for the trace. */
  other?: string;
}

export interface BigQueryDatasetFacets {
  access: BigQueryAccessEntry[];
}

export type GcsBucket = Resource<'gcp.storage.bucket', GcsBucketFacets>;
export type CloudSqlInstance = Resource<'gcp.sql.instance', CloudSqlInstanceFacets>;
export type BigQueryDataset = Resource<'gcp.bigquery.dataset', BigQueryDatasetFacets>;
