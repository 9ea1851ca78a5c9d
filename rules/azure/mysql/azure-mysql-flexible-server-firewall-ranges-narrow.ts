import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureMysqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_FACETS, broadOutcome, serverExposure } from '../_database-firewall.ts';

export default defineRule<AzureMysqlFlexibleServer>()({
  meta: {
    id: 'azure-mysql-flexible-server-firewall-ranges-narrow',
    resourceType: 'azure.mysql.flexible-server',
    title: 'MySQL flexible server firewall admits no public range wider than the configured prefix',
    severity: 'high',
    description:
      'Checks that no firewall rule in force on the MySQL flexible server admits more public IPv4 addresses than one block of the configured prefix (network.maxPublicPrefix or --max-public-prefix, default /16). Private and reserved addresses are not counted; the 0.0.0.0 Azure-services switch has its own rule.',
    risk: 'A range of millions of addresses is the internet in all but name: whole cloud regions and internet providers can reach the database.',
    remediation: {
      text: 'Replace the wide rule with the exact addresses of the clients that need the database, or turn public network access off.',
      cli: 'az mysql flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-networking-public'],
    requires: SERVER_FACETS,
    messages: { broad: '{{name}} admits a public range wider than the configured prefix: {{reason}}.' },
  },
  evaluate: (resource, tools) => broadOutcome(serverExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
