import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CosmosDbAccount } from '../../../src/inventory/azure-db.ts';
import { COSMOS_NETWORK_FACETS, publicEndpointOutcome, cosmosExposure } from '../_database-firewall.ts';

export default defineRule<CosmosDbAccount>()({
  meta: {
    id: 'azure-cosmosdb-account-public-network-access-disabled',
    resourceType: 'azure.cosmosdb.account',
    title: 'Cosmos DB account public network access is disabled',
    severity: 'low',
    description:
      'Checks that the Cosmos DB account takes no connection on its public endpoint (publicNetworkAccess Disabled): clients then come through private endpoints only. A network security perimeter (SecuredByPerimeter) counts as closed.',
    risk: 'With the public endpoint on, the account is only as closed as its IP and virtual network filters, which are easy to widen by mistake.',
    remediation: {
      text: 'Create private endpoints for the clients and turn public network access off.',
      cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --public-network-access Disabled',
    },
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-private-endpoints', 'https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall'],
    requires: COSMOS_NETWORK_FACETS,
    messages: { enabled: '{{name}} has its public endpoint enabled (publicNetworkAccess: {{setting}}).' },
  },
  evaluate: (resource, tools) => publicEndpointOutcome(cosmosExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
