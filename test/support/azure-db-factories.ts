/** Resource factories for the Azure database rule tests: a closed, well-configured resource unless told otherwise. */
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import type { RuleContext } from '../../src/engine/define-rule.ts';
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
import { check, facetsOf, type FacetSpec } from './azure-factories.ts';

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

export interface ServerSpec extends FacetSpec<AzureSqlServerFacets> {
  name?: string;
  network?: Partial<AzureServerNetwork>;
  firewallRules?: AzureFirewallRule[];
  /** SQL servers only (default: none). */
  ipv6FirewallRules?: AzureFirewallRule[];
}

/** Where every test database lives: one subscription, resource group and region. */
function ref<T extends string>(type: T, resourceProvider: string, name: string) {
  const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${resourceProvider}/${name}`;
  return { provider: 'azure' as const, account: SUBSCRIPTION, region: 'westeurope', type, id, name };
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
  const operations = { network: `${provider}:list`, firewallRules: `${provider}/firewallRules:list`, ipv6FirewallRules: `${provider}/ipv6FirewallRules:list` };
  return {
    ref: ref(type, provider, name),
    facets: facetsOf(values as AzureSqlServerFacets, operations, spec),
  } as never;
}

export interface CosmosSpec extends FacetSpec<CosmosAccountFacets> {
  name?: string;
  network?: Partial<CosmosNetwork>;
  disableLocalAuth?: boolean;
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
    ref: ref('azure.cosmosdb.account', 'Microsoft.DocumentDB/databaseAccounts', name),
    facets: facetsOf(values, { network: operation, authentication: operation }, spec),
  };
}

/** The Azure rule check, named for the database tests. */
export const checkAzure = check;

export const withPrefix = (maxPublicPrefix: number): Partial<RuleContext> => ({ network: { ...DEFAULT_NETWORK_SETTINGS, maxPublicPrefix } });
