import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzurePostgresqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_FACETS, internetOutcome, serverExposure } from '../_database-firewall.ts';

export default defineRule<AzurePostgresqlFlexibleServer>()({
  meta: {
    id: 'azure-postgresql-flexible-server-not-open-to-internet',
    resourceType: 'azure.postgresql.flexible-server',
    title: 'PostgreSQL flexible server firewall does not admit every internet address',
    severity: 'critical',
    description:
      'Checks that the PostgreSQL flexible server does not take connections from the whole internet: an enabled public endpoint with a firewall rule such as 0.0.0.0–255.255.255.255 that admits every public IPv4 address. Public network access Disabled or private access (VNet integration) takes the firewall rules out of force.',
    risk: 'Anyone can reach the database endpoint and try PostgreSQL roles: leaked passwords, brute force and engine flaws are one connection away, as with VTech\'s Learning Lodge database.',
    remediation: {
      text: 'Delete the rule that admits every address and admit only the client networks that need the database, or turn public network access off and connect through private access (VNet integration) or a private endpoint.',
      cli: 'az postgres flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-firewall-rules', 'https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-public'],
    requires: SERVER_FACETS,
    messages: { open: '{{name}} accepts connections from anyone on the internet: {{reason}}.' },
  },
  evaluate: (resource, tools) => internetOutcome(serverExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
