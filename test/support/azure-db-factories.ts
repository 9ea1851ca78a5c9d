/** Resource factories for the Azure database rule tests: a closed, well-configured resource unless told otherwise. */
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import type { Rule, RuleContext } from '../../src/engine/define-rule.ts';
import { evaluateRule } from '../../src/engine/evaluate.ts';
import type { Finding } from '../../src/engine/finding.ts';
import type {
  AzureFirewallRule,
  AzureFirewalledServer,
  AzureServerFacets,
  AzureServerNetwork,
  AzureSqlServerFacets,
  CosmosAccountFacets,
  CosmosDbAccount,
  CosmosNetwork,
} from '../../src/inventory/azure-db.ts';
import { readable, unreadable, type Facet } from '../../src/inventory/common.ts';

export const SUBSCRIPTION = '6f1c7a52-3b0e-4c8a-9d51-2e7f0a9b4c11';
export const RESOURCE_GROUP = 'rg-data';

type ServerType = AzureFirewalledServer['ref']['type'];

const PROVIDER: Record<ServerType, string> = {
  'azure.sql.server': 'Microsoft.Sql/servers',
  'azure.postgresql.flexible-server': 'Microsoft.DBforPostgreSQL/flexibleServers',
  'azure.mysql.flexible-server': 'Microsoft.DBforMySQL/flexibleServers',
};

export const firewallRule = (name: string, startIpAddress: string, endIpAddress = startIpAddress): AzureFirewallRule => ({ name, startIpAddress, endIpAddress });
export const ALLOW_ALL = firewallRule('AllowAll', '0.0.0.0', '255.255.255.255');
export const AZURE_SERVICES = firewallRule('AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0');
export const OFFICE = firewallRule('Office', '52.174.10.20');

export interface ServerSpec {
  name?: string;
  network?: Partial<AzureServerNetwork>;
  firewallRules?: AzureFirewallRule[];
  /** SQL servers only (default: none). */
  ipv6FirewallRules?: AzureFirewallRule[];
  /** Facets whose read failed, with the error code. */
  unreadable?: Partial<Record<keyof AzureSqlServerFacets, string>>;
  omit?: (keyof AzureSqlServerFacets)[];
}

function facetsOf<F extends object>(values: F, operations: Record<keyof F, string>, spec: { unreadable?: Partial<Record<keyof F, string>>; omit?: (keyof F)[] }) {
  const facets: Record<string, Facet<unknown>> = {};
  for (const key of Object.keys(values) as (keyof F & string)[]) {
    if (spec.omit?.includes(key)) continue;
    const code = spec.unreadable?.[key];
    facets[key] = code ? unreadable(operations[key], code, `${code} (test)`) : readable(values[key]);
  }
  return facets;
}

/** A server with public access enabled and one narrow office rule. */
export function dbServer<T extends ServerType>(type: T, spec: ServerSpec = {}): Extract<AzureFirewalledServer, { ref: { type: T } }> {
  const name = spec.name ?? 'orders-db';
  const provider = PROVIDER[type];
  const values: AzureServerFacets | AzureSqlServerFacets = {
    network: { publicNetworkAccess: 'Enabled', delegatedSubnetResourceId: null, privateEndpointConnections: 0, fullyQualifiedDomainName: `${name}.example`, ...spec.network },
    firewallRules: spec.firewallRules ?? [OFFICE],
    ...(type === 'azure.sql.server' ? { ipv6FirewallRules: spec.ipv6FirewallRules ?? [] } : {}),
  };
  const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${provider}/${name}`;
  const operations = { network: `${provider}:list`, firewallRules: `${provider}/firewallRules:list`, ipv6FirewallRules: `${provider}/ipv6FirewallRules:list` };
  return {
    ref: { provider: 'azure', account: SUBSCRIPTION, region: 'westeurope', type, id, name },
    facets: facetsOf(values as AzureSqlServerFacets, operations, spec),
  } as never;
}

export interface CosmosSpec {
  name?: string;
  network?: Partial<CosmosNetwork>;
  disableLocalAuth?: boolean;
  unreadable?: Partial<Record<keyof CosmosAccountFacets, string>>;
  omit?: (keyof CosmosAccountFacets)[];
}

/** An account with public access enabled, one narrow IP rule, and local auth disabled. */
export function cosmosAccount(spec: CosmosSpec = {}): CosmosDbAccount {
  const name = spec.name ?? 'orders-cosmos';
  const values: CosmosAccountFacets = {
    network: { publicNetworkAccess: 'Enabled', ipRules: ['52.174.10.20'], isVirtualNetworkFilterEnabled: false, virtualNetworkRules: [], privateEndpointConnections: 0, ...spec.network },
    authentication: { disableLocalAuth: spec.disableLocalAuth ?? true },
  };
  const operation = 'Microsoft.DocumentDB/databaseAccounts:list';
  return {
    ref: {
      provider: 'azure',
      account: SUBSCRIPTION,
      region: 'westeurope',
      type: 'azure.cosmosdb.account',
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DocumentDB/databaseAccounts/${name}`,
      name,
    },
    facets: facetsOf(values, { network: operation, authentication: operation }, spec),
  };
}

export function checkAzure(rule: { meta: Rule['meta'] }, resource: AzureFirewalledServer | CosmosDbAccount, ctx: Partial<RuleContext> = {}): Finding {
  return evaluateRule(rule as Rule, resource as never, { trustedAccounts: new Set(), network: DEFAULT_NETWORK_SETTINGS, ...ctx });
}

export const withPrefix = (maxPublicPrefix: number): Partial<RuleContext> => ({ network: { ...DEFAULT_NETWORK_SETTINGS, maxPublicPrefix } });
