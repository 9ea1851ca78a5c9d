import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CosmosDbAccount } from '../../../src/inventory/azure-db.ts';
import { COSMOS_NETWORK_FACETS, broadOutcome, cosmosExposure } from '../_database-firewall.ts';

export default defineRule<CosmosDbAccount>()({
  meta: {
    id: 'azure-cosmosdb-account-ip-rules-narrow',
    resourceType: 'azure.cosmosdb.account',
    title: 'Cosmos DB account IP firewall admits no public range wider than the configured prefix',
    severity: 'high',
    description:
      'Checks that every IP rule of the Cosmos DB account admits at most one block of the configured prefix of public addresses (network.maxPublicPrefix or --max-public-prefix, default /16), and that the account is not open to all networks.',
    risk: 'A wide CIDR in the IP filter lets whole cloud regions or internet providers connect.',
    remediation: {
      text: 'Replace the wide entries with the exact client addresses or use the virtual network filter or private endpoints.',
      cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --ip-range-filter "<client-ip>,<client-cidr>"',
    },
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-configure-firewall'],
    requires: COSMOS_NETWORK_FACETS,
    messages: { broad: '{{name}} admits a public range wider than the configured prefix: {{reason}}.' },
  },
  evaluate: (resource, tools) => broadOutcome(cosmosExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
