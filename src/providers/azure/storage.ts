/**
 * Azure Storage collector: storage accounts and their blob containers in one subscription.
 *
 * Containers come from the management plane (blobContainers list), not the data plane: it needs
 * only Reader, and it still answers when the account disables shared key access or when its
 * network rules keep the scanner out (both of which stop a data-plane listing). The static
 * website switch exists only on the data plane, so it is an optional facet read from the
 * account's own blob endpoint, and `unknown` when refused.
 *
 * Stored access policies are not collected: Get Container ACL authorizes only Shared Key (the
 * account key), not Microsoft Entra ID (Azurite enforces the same), and ajar never reads account
 * keys, which would mean a POST listKeys that hands out full control of the data.
 */
import type { ListContainerItem, StorageAccount as ArmStorageAccount } from '@azure/arm-storage';
import type pLimit from 'p-limit';
import {
  STATIC_WEBSITE_CONTAINER,
  type ContainerAccessLevel,
  type StaticWebsite,
  type StorageAccount,
  type StorageAccountSettings,
  type StorageContainer,
} from '../../inventory/azure.ts';
import { readable, unreadable, type Facet } from '../../inventory/common.ts';
import type { CollectionPlan } from '../types.ts';
import { BlobDataPlane, GET_BLOB_SERVICE_PROPERTIES } from './blob-data.ts';
import { classifyAzureError } from './errors.ts';
import { forEachListed, orNull, resourceGroupOf, ServiceListingFailed, type AzureRoleActions, type AzureServiceCollector, type AzureServiceRun } from './service.ts';

export const STORAGE_ACCOUNTS_LIST = 'Microsoft.Storage/storageAccounts:list';
export const CONTAINERS_LIST = 'Microsoft.Storage/storageAccounts/blobServices/containers:list';

/** RBAC actions per facet: the planner, the collector and `ajar permissions` read this table. */
export const STORAGE_PERMISSIONS = {
  accounts: 'Microsoft.Storage/storageAccounts/read',
  containers: 'Microsoft.Storage/storageAccounts/blobServices/containers/read',
  // Get Blob Service Properties with Microsoft Entra ID reads the blob service configuration,
  // which RBAC names as a read of blobServices (a control-plane action, not a DataAction).
  staticWebsite: 'Microsoft.Storage/storageAccounts/blobServices/read',
} as const;

export function toAccountSettings(account: ArmStorageAccount): StorageAccountSettings {
  const rules = account.networkRuleSet;
  return {
    kind: orNull(account.kind),
    creationTime: account.creationTime ? new Date(account.creationTime).toISOString() : null,
    allowBlobPublicAccess: orNull(account.allowBlobPublicAccess),
    publicNetworkAccess: orNull(account.publicNetworkAccess as StorageAccountSettings['publicNetworkAccess'] | undefined),
    networkRuleSet: rules
      ? {
          defaultAction: rules.defaultAction === 'Deny' ? 'Deny' : 'Allow',
          bypass: orNull(rules.bypass),
          ipRules: (rules.ipRules ?? []).map((r) => r.iPAddressOrRange).filter((r): r is string => typeof r === 'string'),
          ipv6Rules: (rules.ipv6Rules ?? []).map((r) => r.iPAddressOrRange).filter((r): r is string => typeof r === 'string'),
          virtualNetworkRules: (rules.virtualNetworkRules ?? []).map((r) => r.virtualNetworkResourceId),
          resourceAccessRules: (rules.resourceAccessRules ?? []).map((r) => r.resourceId ?? '').filter(Boolean),
        }
      : null,
    allowSharedKeyAccess: orNull(account.allowSharedKeyAccess),
    minimumTlsVersion: orNull(account.minimumTlsVersion),
    supportsHttpsTrafficOnly: orNull(account.enableHttpsTrafficOnly),
    allowCrossTenantReplication: orNull(account.allowCrossTenantReplication),
    primaryEndpoints: { blob: account.primaryEndpoints?.blob, web: account.primaryEndpoints?.web },
  };
}

export function toAccessLevel(value: string | undefined): ContainerAccessLevel {
  const level = (value ?? 'None').toLowerCase();
  return level === 'blob' || level === 'container' ? level : 'none';
}

async function dataPlaneFacet<T>(operation: string, limit: ReturnType<typeof pLimit>, endpoint: string | undefined, read: (endpoint: string) => Promise<T>): Promise<Facet<T>> {
  if (!endpoint) return unreadable(operation, 'NoBlobEndpoint', 'the account reports no blob endpoint');
  try {
    return readable(await limit(() => read(endpoint)));
  } catch (error) {
    const failure = classifyAzureError(error);
    return unreadable(operation, failure.code, failure.message);
  }
}

interface StoragePlan {
  accountFacets?: ReadonlySet<string>;
  containerFacets?: ReadonlySet<string>;
}

async function collectAccount(run: AzureServiceRun, plan: StoragePlan, data: BlobDataPlane, account: ArmStorageAccount): Promise<void> {
  const name = account.name ?? '';
  const id = account.id ?? '';
  const region = account.location ?? 'global';
  const settings = toAccountSettings(account);
  const blobEndpoint = settings.primaryEndpoints.blob;
  let staticWebsite: Promise<Facet<StaticWebsite>> | undefined;
  const readStaticWebsite = () => (staticWebsite ??= dataPlaneFacet(GET_BLOB_SERVICE_PROPERTIES, run.limit, blobEndpoint, (e) => data.staticWebsite(e)));

  if (plan.accountFacets) {
    const facets: StorageAccount['facets'] = {};
    if (plan.accountFacets.has('settings')) facets.settings = readable(settings);
    if (plan.accountFacets.has('staticWebsite')) facets.staticWebsite = await readStaticWebsite();
    run.sink({ ref: { provider: 'azure', account: run.subscription, region, type: 'azure.storage.account', id, name }, facets } satisfies StorageAccount);
  }

  const wanted = plan.containerFacets;
  if (!wanted) return;
  const resourceGroup = resourceGroupOf(id);
  let containers: ListContainerItem[];
  try {
    if (!resourceGroup) throw Object.assign(new Error(`cannot find the resource group in ${id}`), { code: 'MalformedResourceId' });
    containers = await run.limit(async () => {
      const items: ListContainerItem[] = [];
      for await (const item of run.clients.storageFor(run.subscription).blobContainers.list(resourceGroup, name)) items.push(item);
      return items;
    });
  } catch (error) {
    const failure = classifyAzureError(error);
    run.onError({ provider: 'azure', account: run.subscription, region, operation: CONTAINERS_LIST, code: failure.code, message: `${name}: ${failure.message}` });
    return;
  }
  await Promise.all(
    containers.map(async (item) => {
      const containerName = item.name ?? '';
      const facets: StorageContainer['facets'] = {};
      if (wanted.has('publicAccess')) facets.publicAccess = readable(toAccessLevel(item.publicAccess));
      if (wanted.has('account')) facets.account = readable(settings);
      // Only `$web` is served by the static website, so only its verdict needs the switch.
      if (wanted.has('accountStaticWebsite') && containerName === STATIC_WEBSITE_CONTAINER) facets.accountStaticWebsite = await readStaticWebsite();
      run.sink({
        ref: { provider: 'azure', account: run.subscription, region, type: 'azure.storage.container', id: item.id ?? `${id}/blobServices/default/containers/${containerName}`, name: `${name}/${containerName}` },
        facets,
      } satisfies StorageContainer);
    }),
  );
}

export const storageService: AzureServiceCollector = {
  id: 'storage',
  resourceTypes: ['azure.storage.account', 'azure.storage.container'],
  async collect(run) {
    const plan: StoragePlan = { accountFacets: run.plan.get('azure.storage.account'), containerFacets: run.plan.get('azure.storage.container') };
    const data = new BlobDataPlane(run.clients);
    const client = run.clients.storageFor(run.subscription);
    const tasks: Promise<void>[] = [];
    try {
      // Pages are read one at a time under the limiter; each account starts as soon as its page is in.
      await forEachListed(run, client.storageAccounts.list(), (account) => tasks.push(collectAccount(run, plan, data, account)));
    } catch (error) {
      await Promise.allSettled(tasks);
      const failure = classifyAzureError(error);
      throw new ServiceListingFailed(STORAGE_ACCOUNTS_LIST, failure.code, failure.message, failure.network);
    }
    await Promise.all(tasks);
  },
  permissions(plan: CollectionPlan): AzureRoleActions {
    const actions = new Set<string>([STORAGE_PERMISSIONS.accounts]);
    const accountFacets = plan.get('azure.storage.account');
    const containerFacets = plan.get('azure.storage.container');
    if (containerFacets) actions.add(STORAGE_PERMISSIONS.containers);
    if (accountFacets?.has('staticWebsite') || containerFacets?.has('accountStaticWebsite')) actions.add(STORAGE_PERMISSIONS.staticWebsite);
    return { actions: [...actions].sort() };
  },
};
