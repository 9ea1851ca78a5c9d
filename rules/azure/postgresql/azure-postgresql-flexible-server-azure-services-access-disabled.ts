import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AzurePostgresqlFlexibleServer } from '../../../src/inventory/azure-db.ts';
import { SERVER_FACETS, azureServicesOutcome, serverExposure } from '../_database-firewall.ts';

export default defineRule<AzurePostgresqlFlexibleServer>()({
  meta: {
    id: 'azure-postgresql-flexible-server-azure-services-access-disabled',
    resourceType: 'azure.postgresql.flexible-server',
    title: 'PostgreSQL flexible server does not allow access from every Azure service',
    severity: 'medium',
    description:
      'Checks that the PostgreSQL flexible server has no 0.0.0.0–0.0.0.0 firewall rule, Azure\'s switch "Allow Azure services and resources to access this server". That rule admits every address inside Azure, including virtual machines and functions in other customers\' subscriptions.',
    risk: 'Anyone with an Azure subscription can reach the endpoint from inside Azure and try credentials.',
    remediation: {
      text: 'Delete the 0.0.0.0 rule and admit the application\'s own outbound addresses, or connect through private access (VNet integration) or a private endpoint.',
      cli: 'az postgres flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule>',
    },
    references: ['https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-firewall-rules'],
    requires: SERVER_FACETS,
    messages: { azureServices: '{{name}} lets every Azure address connect, other customers\' subscriptions included (firewall rule {{rule}}).' },
  },
  evaluate: (resource, tools) => azureServicesOutcome(serverExposure(resource, tools.ctx.network), resource.ref.name, tools),
});
