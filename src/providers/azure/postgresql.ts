/**
 * Azure Database for PostgreSQL flexible servers: `network` in the server listing says whether the
 * server has a public endpoint or lives in a delegated subnet (private access); the firewall rules
 * come from one list call per server.
 */
import { PostgreSQLManagementFlexibleServerClient, type Server } from '@azure/arm-postgresql-flexible';
import { firewalledServerCollector } from './firewalled-servers.ts';
import { clientPerRun, orNull } from './service.ts';

const clientFor = clientPerRun((run) => new PostgreSQLManagementFlexibleServerClient(run.clients.credential, run.subscription, run.clients.armOptions()));

export const postgresqlService = firewalledServerCollector<Server>({
  id: 'postgresql',
  type: 'azure.postgresql.flexible-server',
  armType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  listServers: (run) => clientFor(run).servers.listBySubscription(),
  listFirewallRules: (run, resourceGroup, server) => clientFor(run).firewallRules.listByServer(resourceGroup, server),
  network: (server) => ({
    publicNetworkAccess: orNull(server.network?.publicNetworkAccess),
    delegatedSubnetResourceId: orNull(server.network?.delegatedSubnetResourceId),
    privateEndpointConnections: server.privateEndpointConnections?.length ?? 0,
    fullyQualifiedDomainName: orNull(server.fullyQualifiedDomainName),
  }),
});
