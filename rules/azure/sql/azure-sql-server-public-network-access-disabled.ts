import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureSqlServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_NETWORK_FACETS, publicEndpointOutcome, serverEndpointExposure } from '../_database-firewall.ts';

export default defineRule<AzureSqlServer>()({
  meta: {
    id: 'azure-sql-server-public-network-access-disabled',
    resourceType: 'azure.sql.server',
    title: 'Azure SQL server public network access is disabled',
    severity: 'low',
    description:
      'Checks that the Azure SQL server takes no connection on its public endpoint: publicNetworkAccess Disabled. An enabled endpoint is only as closed as its firewall rules; a network security perimeter (SecuredByPerimeter) counts as closed.',
    risk: 'With the public endpoint on, one firewall rule added in a hurry opens the database to the internet.',
    remediation: {
      text: 'Connect clients through a private endpoint and turn public network access off.',
      cli: 'az sql server update --resource-group <resource-group> --name <server> --enable-public-network false',
    },
    references: ['https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings'],
    requires: SERVER_NETWORK_FACETS,
    messages: { enabled: '{{name}} has its public endpoint enabled (publicNetworkAccess: {{setting}}).' },
  },
  evaluate: (resource, tools) => publicEndpointOutcome(serverEndpointExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
