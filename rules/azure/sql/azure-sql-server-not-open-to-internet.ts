import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureSqlServer } from '../../../src/inventory/azure-db.ts';
import { SQL_SERVER_FACETS, internetOutcome, sqlServerExposure } from '../_database-firewall.ts';

export default defineRule<AzureSqlServer>()({
  meta: {
    id: 'azure-sql-server-not-open-to-internet',
    resourceType: 'azure.sql.server',
    title: 'Azure SQL server firewall does not admit every internet address',
    severity: 'critical',
    description:
      'Checks that the Azure SQL server does not take connections from the whole internet: an enabled public endpoint with a firewall rule such as 0.0.0.0–255.255.255.255 that admits every public IPv4 address, or an IPv6 firewall rule that admits every public IPv6 address. Public network access Disabled takes the firewall rules out of force.',
    risk: 'Anyone can reach the database endpoint and try SQL logins: leaked passwords, brute force and engine flaws are one connection away, as with VTech\'s Learning Lodge database.',
    remediation: {
      text: 'Delete the rule that admits every address and admit only the client networks that need the database, or turn public network access off and connect through a private endpoint.',
      cli: 'az sql server firewall-rule delete --resource-group <resource-group> --server <server> --name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure', 'https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings'],
    requires: SQL_SERVER_FACETS,
    messages: { open: '{{name}} accepts connections from anyone on the internet: {{reason}}.' },
  },
  evaluate: (resource, tools) => internetOutcome(sqlServerExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
