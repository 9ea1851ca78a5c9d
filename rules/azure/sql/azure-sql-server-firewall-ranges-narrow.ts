import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureSqlServer } from '../../../src/inventory/azure-db.ts';
import { SQL_SERVER_FACETS, broadOutcome, sqlServerExposure } from '../_database-firewall.ts';

export default defineRule<AzureSqlServer>()({
  meta: {
    id: 'azure-sql-server-firewall-ranges-narrow',
    resourceType: 'azure.sql.server',
    title: 'Azure SQL server firewall admits no public range wider than the configured prefix',
    severity: 'high',
    description:
      'Checks that no firewall rule in force on the Azure SQL server admits more public addresses than one block of the configured prefix: network.maxPublicPrefix (--max-public-prefix, default /16) for IPv4 rules, network.maxPublicPrefixV6 (--max-public-prefix-v6, default /32) for IPv6 rules. Private and reserved addresses are not counted; the 0.0.0.0 Azure-services switch has its own rule.',
    risk: 'A range of millions of addresses is the internet in all but name: whole cloud regions and internet providers can reach the database.',
    remediation: {
      text: 'Replace the wide rule with the exact addresses of the clients that need the database, or turn public network access off.',
      cli: 'az sql server firewall-rule delete --resource-group <resource-group> --server <server> --name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure'],
    requires: SQL_SERVER_FACETS,
    messages: { broad: '{{name}} admits a public range wider than the configured prefix: {{reason}}.' },
  },
  evaluate: (resource, tools) => broadOutcome(sqlServerExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
