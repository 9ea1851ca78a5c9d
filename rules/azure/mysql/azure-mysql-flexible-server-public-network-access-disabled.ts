import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureMysqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_NETWORK_FACETS, publicEndpointOutcome, serverEndpointExposure } from '../_database-firewall.ts';

export default defineRule<AzureMysqlFlexibleServer>()({
  meta: {
    id: 'azure-mysql-flexible-server-public-network-access-disabled',
    resourceType: 'azure.mysql.flexible-server',
    title: 'MySQL flexible server public network access is disabled',
    severity: 'low',
    description:
      'Checks that the MySQL flexible server takes no connection on its public endpoint: publicNetworkAccess Disabled or private access (VNet integration). An enabled endpoint is only as closed as its firewall rules; a network security perimeter (SecuredByPerimeter) counts as closed.',
    risk: 'With the public endpoint on, one firewall rule added in a hurry opens the database to the internet.',
    remediation: {
      text: 'Connect clients through private access (VNet integration) or a private endpoint and turn public network access off.',
      cli: 'az mysql flexible-server update --resource-group <resource-group> --name <server> --public-access Disabled',
    },
    references: ['https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-networking'],
    requires: SERVER_NETWORK_FACETS,
    messages: { enabled: '{{name}} has its public endpoint enabled (publicNetworkAccess: {{setting}}).' },
  },
  evaluate: (resource, tools) => publicEndpointOutcome(serverEndpointExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
