import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzureMysqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_FACETS, azureServicesOutcome, serverExposure } from '../_database-firewall.ts';

export default defineRule<AzureMysqlFlexibleServer>()({
  meta: {
    id: 'azure-mysql-flexible-server-azure-services-access-disabled',
    resourceType: 'azure.mysql.flexible-server',
    title: 'MySQL flexible server does not allow access from every Azure service',
    severity: 'medium',
    description:
      'Checks that the MySQL flexible server has no 0.0.0.0–0.0.0.0 firewall rule, Azure\'s switch "Allow Azure services and resources to access this server". That rule admits every address inside Azure, including virtual machines and functions in other customers\' subscriptions.',
    risk: 'Anyone with an Azure subscription can reach the endpoint from inside Azure and try credentials.',
    remediation: {
      text: 'Delete the 0.0.0.0 rule and admit the application\'s own outbound addresses, or connect through private access (VNet integration) or a private endpoint.',
      cli: 'az mysql flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-networking-public'],
    requires: SERVER_FACETS,
    messages: { azureServices: '{{name}} lets every Azure address connect, other customers\' subscriptions included (firewall rule {{rule}}).' },
  },
  evaluate: (resource, tools) => azureServicesOutcome(serverExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
