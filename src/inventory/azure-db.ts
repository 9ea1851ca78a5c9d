/**
 * Inventory types for the Azure databases whose reachability from the internet ajar decides:
 * Azure SQL logical servers, PostgreSQL and MySQL flexible servers, and Cosmos DB accounts.
 * Everything here is plain JSON read from the management plane (ARM); no database is contacted.
 */
import type { Resource } from './common.ts';

/** One server-level IPv4 firewall rule, as ARM returns it (start and end inclusive). */
export interface AzureFirewallRule {
  name: string;
  startIpAddress: string;
  endIpAddress: string;
}

/** How the server's public endpoint is configured (read from the server resource itself). */
export interface AzureServerNetwork {
  /**
   * `Enabled`, `Disabled` or `SecuredByPerimeter` as reported; null when the API left it out
   * (older SQL servers and flexible servers omit it, and Azure then treats the endpoint as enabled).
   */
  publicNetworkAccess: string | null;
  /** Flexible servers only: the subnet a VNet-integrated ("private access") server lives in. */
  delegatedSubnetResourceId: string | null;
  /** Private endpoints attached to the server (they never open it to the internet). */
  privateEndpointConnections: number;
  fullyQualifiedDomainName: string | null;
}

export interface AzureServerFacets {
  network: AzureServerNetwork;
  firewallRules: AzureFirewallRule[];
}

export interface AzureSqlServerFacets extends AzureServerFacets {
  /** Server-level IPv6 firewall rules (start and end are IPv6 addresses); SQL only. */
  ipv6FirewallRules: AzureFirewallRule[];
}

export type AzureSqlServer = Resource<'azure.sql.server', AzureSqlServerFacets>;
export type AzurePostgresqlFlexibleServer = Resource<'azure.postgresql.flexible-server', AzureServerFacets>;
export type AzureMysqlFlexibleServer = Resource<'azure.mysql.flexible-server', AzureServerFacets>;
export type AzureFirewalledServer = AzureSqlServer | AzurePostgresqlFlexibleServer | AzureMysqlFlexibleServer;

export interface CosmosNetwork {
  /** `Enabled`, `Disabled` or `SecuredByPerimeter`; null when omitted (Azure's default is Enabled). */
  publicNetworkAccess: string | null;
  /** The IP firewall: single IPv4 addresses or CIDR ranges; empty means no IP filter. */
  ipRules: string[];
  isVirtualNetworkFilterEnabled: boolean;
  /** Subnet resource ids admitted by the virtual network filter. */
  virtualNetworkRules: string[];
  privateEndpointConnections: number;
}

export interface CosmosAuthentication {
  /** True when account keys (and resource tokens) are refused and only Microsoft Entra ID works. */
  disableLocalAuth: boolean;
}

export interface CosmosAccountFacets {
  network: CosmosNetwork;
  authentication: CosmosAuthentication;
}

export type CosmosDbAccount = Resource<'azure.cosmosdb.account', CosmosAccountFacets>;
