import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzurePostgresqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_NETWORK_FACETS, publicEndpointOutcome, serverEndpointExposure } from '../_database-firewall.ts';

export default defineRule<AzurePostgresqlFlexibleServer>()({
  meta: {
    id: 'azure-postgresql-flexible-server-public-network-access-disabled',
    resourceType: 'azure.postgresql.flexible-server',
    title: 'PostgreSQL flexible server public network access is disabled',
    severity: 'low',
    description:
      'Checks that the PostgreSQL flexible server takes no connection on its public endpoint: publicNetworkAccess Disabled or private access (VNet integration). An enabled endpoint is only as closed as its firewall rules; a network security perimeter (SecuredByPerimeter) counts as closed.',
    risk: 'With the public endpoint on, one firewall rule added in a hurry opens the database to the internet.',
    remediation: {
      text: 'Connect clients through private access (VNet integration) or a private endpoint and turn public network access off.',
      cli: 'az postgres flexible-server update --resource-group <resource-group> --name <server> --public-access Disabled',
    },
    references: ['https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-public'],
    requires: SERVER_NETWORK_FACETS,
    messages: { enabled: '{{name}} has its public endpoint enabled (publicNetworkAccess: {{setting}}).' },
  },
  evaluate: (resource, tools) => publicEndpointOutcome(serverEndpointExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
