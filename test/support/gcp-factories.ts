/** Google Cloud resource factories for rule tests: a private, well-configured resource unless told otherwise. */
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import type { Rule, RuleContext } from '../../src/engine/define-rule.ts';
import { evaluateRule } from '../../src/engine/evaluate.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { readable, unreadable, type Facet } from '../../src/inventory/common.ts';
import type {
  BigQueryAccessEntry,
  BigQueryDataset,
  CloudSqlInstance,
  CloudSqlInstanceFacets,
  GcsBucket,
  GcsBucketFacets,
  IamBinding,
} from '../../src/inventory/gcp.ts';
import { GCS_FACET_SOURCES } from '../../src/providers/gcp/storage.ts';

export const PROJECT = 'childcare-prod';

export const binding = (role: string, ...members: string[]): IamBinding => ({ role, members });

/** The policy a new bucket gets: the project's convenience members only. */
export const DEFAULT_BINDINGS: IamBinding[] = [
  binding('roles/storage.legacyBucketOwner', `projectEditor:${PROJECT}`, `projectOwner:${PROJECT}`),
  binding('roles/storage.legacyBucketReader', `projectViewer:${PROJECT}`),
];

type GcsOverrides = { [K in keyof GcsBucketFacets]?: GcsBucketFacets[K] };

export interface GcsBucketSpec extends GcsOverrides {
  name?: string;
  /** Extra IAM bindings added to the default policy. */
  bindings?: IamBinding[];
  unreadable?: Partial<Record<keyof GcsBucketFacets, string>>;
  omit?: (keyof GcsBucketFacets)[];
}

export function gcsBucket(spec: GcsBucketSpec = {}): GcsBucket {
  const name = spec.name ?? 'enrolment-exports';
  const values: GcsBucketFacets = {
    iamConfiguration: spec.iamConfiguration ?? { uniformBucketLevelAccess: true, publicAccessPrevention: 'inherited' },
    iamPolicy: spec.iamPolicy ?? { version: 1, bindings: [...DEFAULT_BINDINGS, ...(spec.bindings ?? [])] },
    customRoles: spec.customRoles ?? {},
    acl: spec.acl === undefined ? null : spec.acl,
    defaultObjectAcl: spec.defaultObjectAcl === undefined ? null : spec.defaultObjectAcl,
    orgPublicAccessPrevention: spec.orgPublicAccessPrevention ?? false,
    website: spec.website === undefined ? null : spec.website,
    versioning: spec.versioning ?? { enabled: false },
    retentionPolicy: spec.retentionPolicy === undefined ? null : spec.retentionPolicy,
  };
  const facets: GcsBucket['facets'] = {};
  for (const key of Object.keys(values) as (keyof GcsBucketFacets)[]) {
    if (spec.omit?.includes(key)) continue;
    const code = spec.unreadable?.[key];
    (facets as Record<string, Facet<unknown>>)[key] = code ? unreadable(GCS_FACET_SOURCES[key].operation, code, `${code} (test)`) : readable(values[key]);
  }
  return {
    ref: { provider: 'gcp', account: PROJECT, region: 'australia-southeast1', type: 'gcp.storage.bucket', id: `//storage.googleapis.com/projects/_/buckets/${name}`, name },
    facets,
  };
}

export function sqlInstance(network: Partial<CloudSqlInstanceFacets['network']> = {}, ssl: CloudSqlInstanceFacets['ssl'] = { sslMode: 'ENCRYPTED_ONLY', requireSsl: true }, unreadableCode?: string): CloudSqlInstance {
  const name = 'enrolments-db';
  const value = { ipv4Enabled: false, authorizedNetworks: [], publicIpAddresses: [], ...network };
  return {
    ref: { provider: 'gcp', account: PROJECT, region: 'australia-southeast1', type: 'gcp.sql.instance', id: `//cloudsql.googleapis.com/projects/${PROJECT}/instances/${name}`, name },
    facets: {
      network: unreadableCode ? unreadable('sqladmin.instances.list', unreadableCode, `${unreadableCode} (test)`) : readable(value),
      ssl: unreadableCode ? unreadable('sqladmin.instances.list', unreadableCode, `${unreadableCode} (test)`) : readable(ssl),
      databaseVersion: readable('POSTGRES_16'),
    },
  };
}

export function bigQueryDataset(access: BigQueryAccessEntry[] = [{ role: 'OWNER', specialGroup: 'projectOwners' }], unreadableCode?: string): BigQueryDataset {
  const name = 'enrolments';
  return {
    ref: { provider: 'gcp', account: PROJECT, region: 'australia-southeast1', type: 'gcp.bigquery.dataset', id: `//bigquery.googleapis.com/projects/${PROJECT}/datasets/${name}`, name },
    facets: { access: unreadableCode ? unreadable('bigquery.datasets.get', unreadableCode, `${unreadableCode} (test)`) : readable(access) },
  };
}

export function checkGcp(rule: { meta: Rule['meta'] }, resource: GcsBucket | CloudSqlInstance | BigQueryDataset, ctx: Partial<RuleContext> = {}): Finding {
  return evaluateRule(rule as Rule, resource as never, { trustedAccounts: new Set(), network: DEFAULT_NETWORK_SETTINGS, ...ctx });
}
