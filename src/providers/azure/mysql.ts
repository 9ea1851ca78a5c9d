/**
 * Azure Database for MySQL flexible servers: `network` in the server listing says whether the
 * server has a public endpoint or lives in a delegated subnet (private access); the firewall rules
 * come from one list call per server.
 */
import { MySQLManagementFlexibleServerClient, type Server } from '@azure/arm-mysql-flexible';
import { firewalledServerCollector } from './firewalled-servers.ts';
import { clientPerRun, orNull } from './service.ts';

const clientFor = clientPerRun((run) => new MySQLManagementFlexibleServerClient(run.clients.credential, run.subscription, run.clients.armOptions()));

export const mysqlService = firewalledServerCollector<Server>({
  id: 'mysql',
  type: 'azure.mysql.flexible-server',
  armType: 'Microsoft.DBforMySQL/flexibleServers',
  listServers: (run) => clientFor(run).servers.list(),
  listFirewallRules: (run, resourceGroup, server) => clientFor(run).firewallRules.listByServer(resourceGroup, server),
  network: (server) => ({
    publicNetworkAccess: orNull(server.network?.publicNetworkAccess),
    delegatedSubnetResourceId: orNull(server.network?.delegatedSubnetResourceId),
    privateEndpointConnections: 0,
    fullyQualifiedDomainName: orNull(server.fullyQualifiedDomainName),
  }),
});
