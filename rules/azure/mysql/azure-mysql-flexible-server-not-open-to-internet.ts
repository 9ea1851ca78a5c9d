import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureMysqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_FACETS, internetOutcome, serverExposure } from '../_database-firewall.ts';

export default defineRule<AzureMysqlFlexibleServer>()({
  meta: {
    id: 'azure-mysql-flexible-server-not-open-to-internet',
    resourceType: 'azure.mysql.flexible-server',
    title: 'MySQL flexible server firewall does not admit every internet address',
    severity: 'critical',
    description:
      'Checks that the MySQL flexible server does not take connections from the whole internet: an enabled public endpoint with a firewall rule such as 0.0.0.0–255.255.255.255 that admits every public IPv4 address. Public network access Disabled or private access (VNet integration) takes the firewall rules out of force.',
    risk: 'Anyone can reach the database endpoint and try MySQL users: leaked passwords, brute force and engine flaws are one connection away, as with VTech\'s Learning Lodge database.',
    remediation: {
      text: 'Delete the rule that admits every address and admit only the client networks that need the database, or turn public network access off and connect through private access (VNet integration) or a private endpoint.',
      cli: 'az mysql flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-networking-public', 'https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-networking'],
    requires: SERVER_FACETS,
    messages: { open: '{{name}} accepts connections from anyone on the internet: {{reason}}.' },
  },
  evaluate: (resource, tools) => internetOutcome(serverExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
