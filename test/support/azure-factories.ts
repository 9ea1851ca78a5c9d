/**
 * Azure Storage test inputs: account settings as a hardened account has them unless told
 * otherwise, containers with a level, and the `check` and `facetsOf` helpers that every Azure
 * rule test (azure-db-factories.ts too) builds on.
 */
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import type { Rule, RuleContext } from '../../src/engine/define-rule.ts';
import { evaluateRule } from '../../src/engine/evaluate.ts';
import type { Finding } from '../../src/engine/finding.ts';
import type {
  ContainerAccessLevel,
  StaticWebsite,
  StorageAccount,
  StorageAccountFacets,
  StorageAccountSettings,
  StorageContainer,
  StorageContainerFacets,
  StorageNetworkRuleSet,
} from '../../src/inventory/azure.ts';
import { readable, unreadable, type Facet, type ResourceRef } from '../../src/inventory/common.ts';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const ACCOUNT = 'sto4445';

/** An account that allows nothing anonymous and admits every network (the Azure default network setting). */
export function settings(overrides: Partial<StorageAccountSettings> = {}): StorageAccountSettings {
  return {
    kind: 'StorageV2',
    creationTime: '2024-03-01T10:00:00.000Z',
    allowBlobPublicAccess: false,
    publicNetworkAccess: 'Enabled',
    networkRuleSet: networkRules({ defaultAction: 'Allow' }),
    allowSharedKeyAccess: false,
    minimumTlsVersion: 'TLS1_2',
    supportsHttpsTrafficOnly: true,
    allowCrossTenantReplication: false,
    primaryEndpoints: { blob: `https://${ACCOUNT}.blob.core.windows.net/`, web: `https://${ACCOUNT}.z6.web.core.windows.net/` },
    ...overrides,
  };
}

export function networkRules(overrides: Partial<StorageNetworkRuleSet> = {}): StorageNetworkRuleSet {
  return { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], ipv6Rules: [], virtualNetworkRules: [], resourceAccessRules: [], ...overrides };
}

const ACCOUNT_OPERATIONS: Record<keyof StorageAccountFacets, string> = {
  settings: 'Microsoft.Storage/storageAccounts:list',
  staticWebsite: 'blob:GetBlobServiceProperties',
};

const CONTAINER_OPERATIONS: Record<keyof StorageContainerFacets, string> = {
  publicAccess: 'Microsoft.Storage/storageAccounts/blobServices/containers:list',
  account: 'Microsoft.Storage/storageAccounts:list',
  accountStaticWebsite: 'blob:GetBlobServiceProperties',
};

/** Which facets of a test resource failed to read (with the error code) and which the collector did not fetch. */
export interface FacetSpec<F> {
  unreadable?: Partial<Record<keyof F, string>>;
  omit?: (keyof F)[];
}

/** Every facet readable with its value, except those the spec names unreadable (with their error code) or omits. */
export function facetsOf<F extends object>(values: F, operations: Record<keyof F, string>, spec: FacetSpec<F>) {
  const facets: Record<string, Facet<unknown>> = {};
  for (const key of Object.keys(values) as (keyof F & string)[]) {
    if (spec.omit?.includes(key)) continue;
    const code = spec.unreadable?.[key];
    facets[key] = code ? unreadable(operations[key], code, `${code} (test)`) : readable(values[key]);
  }
  return facets;
}

export interface AccountSpec extends FacetSpec<StorageAccountFacets> {
  name?: string;
  settings?: Partial<StorageAccountSettings>;
  staticWebsite?: StaticWebsite;
}

export function storageAccount(spec: AccountSpec = {}): StorageAccount {
  const name = spec.name ?? ACCOUNT;
  const values: StorageAccountFacets = { settings: settings(spec.settings), staticWebsite: spec.staticWebsite ?? { enabled: false } };
  return {
    ref: { provider: 'azure', account: SUBSCRIPTION, region: 'eastus', type: 'azure.storage.account', id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/res9101/providers/Microsoft.Storage/storageAccounts/${name}`, name },
    facets: facetsOf(values, ACCOUNT_OPERATIONS, spec) as StorageAccount['facets'],
  };
}

export interface ContainerSpec extends FacetSpec<StorageContainerFacets> {
  name?: string;
  level?: ContainerAccessLevel;
  account?: Partial<StorageAccountSettings>;
  staticWebsite?: StaticWebsite;
}

export function storageContainer(spec: ContainerSpec = {}): StorageContainer {
  const name = spec.name ?? 'container1';
  const values: StorageContainerFacets = {
    publicAccess: spec.level ?? 'none',
    account: settings(spec.account),
    accountStaticWebsite: spec.staticWebsite ?? { enabled: false },
  };
  const omit = spec.omit ?? (spec.staticWebsite ? [] : ['accountStaticWebsite']);
  const accountId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/res9101/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}`;
  return {
    ref: { provider: 'azure', account: SUBSCRIPTION, region: 'eastus', type: 'azure.storage.container', id: `${accountId}/blobServices/default/containers/${name}`, name: `${ACCOUNT}/${name}` },
    facets: facetsOf(values, CONTAINER_OPERATIONS, { unreadable: spec.unreadable, omit }) as StorageContainer['facets'],
  };
}

/** Evaluates one rule against one Azure resource under the default network settings unless ctx says otherwise. */
export function check(rule: { meta: Rule['meta'] }, resource: { ref: ResourceRef; facets: object }, ctx: Partial<RuleContext> = {}): Finding {
  return evaluateRule(rule as Rule, resource as never, { trustedAccounts: new Set(), network: DEFAULT_NETWORK_SETTINGS, ...ctx });
}
