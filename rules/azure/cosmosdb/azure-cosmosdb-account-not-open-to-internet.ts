import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CosmosDbAccount } from '../../../src/inventory/azure-db.ts';
import { COSMOS_NETWORK_FACETS, internetOutcome, cosmosExposure } from '../_database-firewall.ts';

export default defineRule<CosmosDbAccount>()({
  meta: {
    id: 'azure-cosmosdb-account-not-open-to-internet',
    resourceType: 'azure.cosmosdb.account',
    title: 'Cosmos DB account does not accept connections from all networks',
    severity: 'critical',
    description:
      'Checks that the Cosmos DB account is not reachable from the whole internet: public network access enabled with neither an IP filter (ipRules) nor the virtual network filter (isVirtualNetworkFilterEnabled), or an IP rule that admits every public IPv4 address.',
    risk: 'Anyone holding or guessing a key or resource token can read and write the data from anywhere; keys leak through code, logs and notebooks.',
    remediation: {
      text: 'Add IP rules for the clients that need the account, turn the virtual network filter on, or disable public network access and use private endpoints.',
      cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --ip-range-filter "<client-ip>,<client-cidr>"',
    },
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall', 'https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-private-endpoints'],
    requires: COSMOS_NETWORK_FACETS,
    messages: { open: '{{name}} accepts connections from anyone on the internet: {{reason}}.' },
  },
  evaluate: (resource, tools) => internetOutcome(cosmosExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
