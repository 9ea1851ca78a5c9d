/**
 * Inventory types shared by every provider. An inventory is plain JSON: `collect` can write it and
 * `scan --inventory` can evaluate it later, so nothing here may hold functions or class instances.
 */

export type Provider = (typeof PROVIDERS)[number];

/**
 * Every resource type a collector can produce, `<provider>.<service>.<resource>`. A new type is
 * appended here (the inventory file schema reads this list) and gets its facet types in the
 * provider's inventory file (aws.ts, azure.ts, gcp.ts).
 */
export const RESOURCE_TYPES = [
  'aws.account',
  'aws.s3.bucket',
  'aws.rds.instance',
  'aws.rds.cluster',
  'aws.rds.db-snapshot',
  'aws.rds.cluster-snapshot',
  'aws.redshift.cluster',
  'aws.dynamodb.table',
  'aws.opensearch.domain',
  'azure.storage.account',
  'azure.storage.container',
  'azure.sql.server',
  'azure.postgresql.flexible-server',
  'azure.mysql.flexible-server',
  'azure.cosmosdb.account',
  'gcp.storage.bucket',
  'gcp.sql.instance',
  'gcp.bigquery.dataset',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;

export interface ResourceRef {
  provider: Provider;
  /** AWS account id, Azure subscription id or GCP project id. */
  account: string;
  region: string;
  type: ResourceType;
  /** Globally unique id (an ARN for AWS). */
  id: string;
  name: string;
}

/** Why a facet could not be read: the operation that failed and the error code the API gave. */
export interface Unreadable {
  state: 'unreadable';
  operation: string;
  code: string;
  message: string;
}

export interface Readable<T> {
  state: 'ok';
  value: T;
}

export type Facet<T> = Readable<T> | Unreadable;

export type FacetMap<F> = { [K in keyof F]?: Facet<F[K]> };

export interface Resource<T extends ResourceType, F> {
  ref: ResourceRef & { type: T };
  facets: FacetMap<F>;
}

export const readable = <T>(value: T): Readable<T> => ({ state: 'ok', value });

export const unreadable = (operation: string, code: string, message: string): Unreadable => ({
  state: 'unreadable',
  operation,
  code,
  message,
});

export const isUnreadable = (facet: Facet<unknown> | undefined): facet is Unreadable =>
  facet?.state === 'unreadable';

/** A failure that concerns a whole scope (an account, a region) rather than one facet. */
export interface CollectionError {
  provider: Provider;
  account?: string;
  region?: string;
  operation: string;
  code: string;
  message: string;
}
