/**
 * Cloud Storage collector: lists a project's buckets (JSON API buckets.list, paginated; with
 * projection=full when ACLs are planned, so the legacy ACLs come with the listing instead of two
 * calls per bucket), then reads only the facets the plan needs: the IAM policy (version 3, so
 * conditional bindings are returned), the definitions of roles bound to the public that the
 * built-in table does not know, and the project's public access prevention org policy.
 */
import type pLimit from 'p-limit';
import { isPublicMember } from '../../analysis/gcs-access.ts';
import { isPredefinedStorageRole } from '../../analysis/gcs-roles.ts';
import { readable, unreadable, type CollectionError, type Facet } from '../../inventory/common.ts';
import type { AclEntry, CustomRoleDefinition, GcsBucket, GcsBucketFacets, IamPolicy, PublicAccessPrevention } from '../../inventory/gcp.ts';
import { GcpApiError, type GcpClient } from './clients.ts';
import type { GcsClient } from './storage-client.ts';

export type GcsFacet = keyof GcsBucketFacets;

/** The operation and IAM permission behind each facet: read by the collector and `ajar permissions`. */
export const GCS_FACET_SOURCES: Record<GcsFacet, { operation: string; permission: string }> = {
  iamConfiguration: { operation: 'storage.buckets.list', permission: 'storage.buckets.list' },
  website: { operation: 'storage.buckets.list', permission: 'storage.buckets.list' },
  versioning: { operation: 'storage.buckets.list', permission: 'storage.buckets.list' },
  retentionPolicy: { operation: 'storage.buckets.list', permission: 'storage.buckets.list' },
  iamPolicy: { operation: 'storage.buckets.getIamPolicy', permission: 'storage.buckets.getIamPolicy' },
  // Reading legacy ACLs is covered by storage.buckets.getIamPolicy (Cloud Storage IAM permissions table).
  acl: { operation: 'storage.bucketAccessControls.list', permission: 'storage.buckets.getIamPolicy' },
  defaultObjectAcl: { operation: 'storage.defaultObjectAccessControls.list', permission: 'storage.buckets.getIamPolicy' },
  customRoles: { operation: 'iam.roles.get', permission: 'iam.roles.get' },
  orgPublicAccessPrevention: { operation: 'orgpolicy.policies.getEffectivePolicy', permission: 'orgpolicy.policy.get' },
};

/** The JSON API bucket resource, as far as ajar reads it (https://cloud.google.com/storage/docs/json_api/v1/buckets#resource). */
export interface BucketResource {
  name: string;
  location?: string;
  iamConfiguration?: { uniformBucketLevelAccess?: { enabled?: boolean }; publicAccessPrevention?: string };
  acl?: AclEntry[];
  defaultObjectAcl?: AclEntry[];
  website?: { mainPageSuffix?: string; notFoundPage?: string };
  versioning?: { enabled?: boolean };
  retentionPolicy?: { retentionPeriod?: string; isLocked?: boolean };
}

export interface StorageCollectOptions {
  /** REST client for the IAM and Org Policy reads. */
  client: GcpClient;
  /** `@google-cloud/storage` for the Cloud Storage reads. */
  gcs: GcsClient;
  project: string;
  facets: ReadonlySet<string>;
  limit: ReturnType<typeof pLimit>;
  /** Shared across projects: a role is looked up once per run. */
  roleCache: Map<string, Promise<CustomRoleDefinition>>;
  onError: (error: CollectionError) => void;
}

const failure = (error: unknown): GcpApiError => {
  if (error instanceof GcpApiError) return error;
  throw error;
};

async function read<T>(operation: string, fn: () => Promise<T>): Promise<Facet<T>> {
  try {
    return readable(await fn());
  } catch (error) {
    const e = failure(error);
    return unreadable(operation, e.code, e.message);
  }
}

const toPrevention = (value: string | undefined): PublicAccessPrevention => (value === 'enforced' ? 'enforced' : value === 'inherited' ? 'inherited' : 'unspecified');

const toAcl = (entries: AclEntry[]): AclEntry[] => entries.map(({ entity, role }) => ({ entity, role }));

function resolveRole(options: StorageCollectOptions, role: string): Promise<CustomRoleDefinition> {
  let pending = options.roleCache.get(role);
  if (!pending) {
    pending = options
      .limit(() => options.client.get<{ includedPermissions?: string[] }>('iam', 'iam.roles.get', `/v1/${role}`))
      .then(
        (definition): CustomRoleDefinition => ({ permissions: definition.includedPermissions ?? [] }),
        (error: unknown): CustomRoleDefinition => {
          const e = failure(error);
          return { unreadable: { code: e.code, message: e.message } };
        },
      );
    options.roleCache.set(role, pending);
  }
  return pending;
}

/**
 * The project's effective `storage.publicAccessPrevention` boolean constraint. A rule with a
 * condition (tag-based) cannot be decided per bucket from here, so it is unreadable, not false.
 */
export async function readOrgPublicAccessPrevention(client: GcpClient, project: string, limit: ReturnType<typeof pLimit>): Promise<Facet<boolean>> {
  const operation = GCS_FACET_SOURCES.orgPublicAccessPrevention.operation;
  try {
    const policy = await limit(() =>
      client.get<{ spec?: { rules?: { enforce?: boolean; condition?: unknown }[] } }>(
        'orgpolicy',
        operation,
        `/v2/projects/${project}/policies/storage.publicAccessPrevention:getEffectivePolicy`,
      ),
    );
    const rules = policy.spec?.rules ?? [];
    if (rules.some((r) => r.condition !== undefined)) return unreadable(operation, 'ConditionalRule', 'the effective policy has tag-conditioned rules');
    return readable(rules.some((r) => r.enforce === true));
  } catch (error) {
    const e = failure(error);
    return unreadable(operation, e.code, e.message);
  }
}

async function collectBucket(bucket: BucketResource, options: StorageCollectOptions, orgPrevention: () => Promise<Facet<boolean>>): Promise<GcsBucket> {
  const { gcs, limit, facets: want } = options;
  const name = bucket.name;
  const uniform = bucket.iamConfiguration?.uniformBucketLevelAccess?.enabled === true;
  const prevention = toPrevention(bucket.iamConfiguration?.publicAccessPrevention);
  const facets: GcsBucket['facets'] = {};
  if (want.has('iamConfiguration')) facets.iamConfiguration = readable({ uniformBucketLevelAccess: uniform, publicAccessPrevention: prevention });
  if (want.has('website')) facets.website = readable(bucket.website?.mainPageSuffix || bucket.website?.notFoundPage ? { ...bucket.website } : null);
  if (want.has('versioning')) facets.versioning = readable({ enabled: bucket.versioning?.enabled === true });
  if (want.has('retentionPolicy')) {
    const r = bucket.retentionPolicy;
    facets.retentionPolicy = readable(r?.retentionPeriod ? { retentionPeriodSeconds: Number(r.retentionPeriod), isLocked: r.isLocked === true } : null);
  }
  const aclFacet = async (key: 'acl' | 'defaultObjectAcl'): Promise<Facet<AclEntry[] | null>> => {
    if (uniform) return readable(null);
    const listed = bucket[key];
    if (listed) return readable(toAcl(listed));
    return read(GCS_FACET_SOURCES[key].operation, async () => toAcl(await limit(() => gcs.listAcl<AclEntry>(name, key))));
  };
  const tasks: Promise<void>[] = [];
  if (want.has('acl')) tasks.push(aclFacet('acl').then((f) => void (facets.acl = f)));
  if (want.has('defaultObjectAcl')) tasks.push(aclFacet('defaultObjectAcl').then((f) => void (facets.defaultObjectAcl = f)));
  // Only a bucket that inherits prevention depends on the org policy; an enforcing bucket leaves
  // this optional facet out rather than claim something about the organization.
  if (want.has('orgPublicAccessPrevention') && prevention !== 'enforced') {
    tasks.push(orgPrevention().then((f) => void (facets.orgPublicAccessPrevention = f)));
  }
  if (want.has('iamPolicy') || want.has('customRoles')) {
    tasks.push(
      (async () => {
        const policy = await read(GCS_FACET_SOURCES.iamPolicy.operation, () =>
          limit(() => gcs.getIamPolicy<{ version?: number; bindings?: IamPolicy['bindings'] }>(name)),
        );
        if (want.has('iamPolicy')) {
          facets.iamPolicy = policy.state === 'ok' ? readable({ version: policy.value.version ?? 1, bindings: normaliseBindings(policy.value.bindings) }) : policy;
        }
        if (want.has('customRoles')) {
          if (policy.state !== 'ok') {
            facets.customRoles = policy;
            return;
          }
          const roles = new Set(
            (policy.value.bindings ?? [])
              .filter((b) => b.members?.some(isPublicMember) && !isPredefinedStorageRole(b.role))
              .map((b) => b.role),
          );
          const resolved: Record<string, CustomRoleDefinition> = {};
          await Promise.all([...roles].map(async (role) => void (resolved[role] = await resolveRole(options, role))));
          facets.customRoles = readable(resolved);
        }
      })(),
    );
  }
  await Promise.all(tasks);
  return {
    ref: {
      provider: 'gcp',
      account: options.project,
      region: (bucket.location ?? 'unknown').toLowerCase(),
      type: 'gcp.storage.bucket',
      id: `//storage.googleapis.com/projects/_/buckets/${name}`,
      name,
    },
    facets,
  };
}

const normaliseBindings = (bindings: IamPolicy['bindings'] | undefined): IamPolicy['bindings'] =>
  (bindings ?? []).map((b) => ({ role: b.role, members: b.members ?? [], ...(b.condition ? { condition: b.condition } : {}) }));

/** Yields the project's buckets page by page; a refused listing is a collection error for the project. */
export async function* collectStorage(options: StorageCollectOptions): AsyncGenerator<GcsBucket> {
  const { client, gcs, project, limit } = options;
  let projection = options.facets.has('acl') || options.facets.has('defaultObjectAcl') ? 'full' : 'noAcl';
  let orgPrevention: Promise<Facet<boolean>> | undefined;
  const prevention = () => (orgPrevention ??= readOrgPublicAccessPrevention(client, project, limit));
  const listing = () => gcs.bucketPages<BucketResource>(project, projection);
  let pages = listing();
  let first = true;
  try {
    // Pages are fetched one at a time so the next page is only asked for once this one is done.
    for (let page = await nextPage(); !page.done; page = await nextPage()) {
      yield* await Promise.all((page.value.items ?? []).map((bucket) => collectBucket(bucket, options, prevention)));
    }
  } catch (error) {
    const e = failure(error);
    options.onError({ provider: 'gcp', account: project, operation: 'storage.buckets.list', code: e.code, message: e.message });
    if (e.network) throw e;
  }

  /**
   * projection=full also needs storage.buckets.getIamPolicy on every bucket. When the first page is
   * refused for it, the listing starts over without ACLs, and each bucket's ACLs are then asked for
   * on their own, so a missing permission costs one bucket's ACL facets, not the project's buckets.
   */
  async function nextPage() {
    try {
      return await limit(() => pages.next());
    } catch (error) {
      if (!first || projection !== 'full' || !(error instanceof GcpApiError) || error.httpStatus !== 403) throw error;
      projection = 'noAcl';
      pages = listing();
      return await limit(() => pages.next());
    } finally {
      first = false;
    }
  }
}
