import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CosmosDbAccount } from '../../../src/inventory/azure-db.ts';
import { COSMOS_NETWORK_FACETS, azureServicesOutcome, cosmosExposure } from '../_database-firewall.ts';

export default defineRule<CosmosDbAccount>()({
  meta: {
    id: 'azure-cosmosdb-account-azure-datacenter-access-disabled',
    resourceType: 'azure.cosmosdb.account',
    title: 'Cosmos DB account does not accept connections from every Azure datacenter',
    severity: 'medium',
    description:
      'Checks that the IP filter of the Cosmos DB account has no 0.0.0.0 entry, the portal\'s "Accept connections from within public Azure datacenters". That entry admits every address inside Azure, other customers\' subscriptions included.',
    risk: 'Anyone with an Azure subscription can connect from inside Azure and try a leaked key.',
    remediation: {
      text: 'Remove 0.0.0.0 from the IP filter and admit the application\'s own addresses or subnets, or use private endpoints.',
      cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --ip-range-filter "<client-ip>,<client-cidr>"',
    },
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall'],
    requires: COSMOS_NETWORK_FACETS,
    messages: { azureServices: '{{name}} accepts connections from every Azure datacenter, other customers\' subscriptions included (IP rule {{rule}}).' },
  },
  evaluate: (resource, tools) => azureServicesOutcome(cosmosExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
