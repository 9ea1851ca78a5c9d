/**
 * Azure SQL logical servers: the server listing carries publicNetworkAccess; the server-level
 * IPv4 and IPv6 firewall rules come from one list call each per server. Database-level firewall rules live
 * inside each database (T-SQL sp_set_database_firewall_rule) and are not visible to ARM.
 */
import { SqlManagementClient, type Server } from '@azure/arm-sql';
import { firewalledServerCollector } from './firewalled-servers.ts';
import { clientPerRun, orNull } from './service.ts';

const clientFor = clientPerRun((run) => new SqlManagementClient(run.clients.credential, run.subscription, run.clients.armOptions()));

export const sqlService = firewalledServerCollector<Server>({
  id: 'sql',
  type: 'azure.sql.server',
  armType: 'Microsoft.Sql/servers',
  listServers: (run) => clientFor(run).servers.list(),
  listFirewallRules: (run, resourceGroup, server) => clientFor(run).firewallRules.listByServer(resourceGroup, server),
  listIpv6FirewallRules: (run, resourceGroup, server) => clientFor(run).iPv6FirewallRules.listByServer(resourceGroup, server),
  network: (server) => ({
    publicNetworkAccess: orNull(server.publicNetworkAccess),
    delegatedSubnetResourceId: null,
    privateEndpointConnections: server.privateEndpointConnections?.length ?? 0,
    fullyQualifiedDomainName: orNull(server.fullyQualifiedDomainName),
  }),
});
