/**
 * Demo fixtures for the Azure databases: the management-plane answers of a subscription whose
 * kids' learning platform left its SQL server open to the whole internet (the firewall rule
 * 0.0.0.0–255.255.255.255, as VTech's Learning Lodge database was "not sufficiently secured"),
 * next to a server that is closed properly. PostgreSQL, MySQL and Cosmos DB answer with empty
 * listings so a demo scan of every database rule completes without collection errors.
 *
 * Route paths match any subscription id, so these can be added to whichever fixture server the
 * Azure demo runs; resource ids carry `subscription` (default DEMO_SUBSCRIPTION).
 */
import type { FixtureFile } from './fixture-server.ts';

export const DEMO_SUBSCRIPTION = '3d5a7c1e-8b2f-4e6a-9c0d-1f2e3a4b5c6d';

const SUB = '^/subscriptions/[0-9a-fA-F-]{36}';
const SQL_SOURCE = 'https://learn.microsoft.com/en-us/rest/api/sql/servers/list';
const SQL_RULES_SOURCE = 'https://learn.microsoft.com/en-us/rest/api/sql/firewall-rules/list-by-server';

const serverId = (subscription: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Sql/servers/${name}`;

const sqlServer = (subscription: string, resourceGroup: string, name: string, publicNetworkAccess: string) => ({
  location: 'westeurope',
  kind: 'v12.0',
  properties: {
    administratorLogin: 'lodgeadmin',
    version: '12.0',
    state: 'Ready',
    fullyQualifiedDomainName: `${name}.database.windows.net`,
    privateEndpointConnections: [],
    minimalTlsVersion: '1.2',
    publicNetworkAccess,
    restrictOutboundNetworkAccess: 'Disabled',
  },
  id: serverId(subscription, resourceGroup, name),
  name,
  type: 'Microsoft.Sql/servers',
});

const firewallRule = (subscription: string, resourceGroup: string, server: string, name: string, startIpAddress: string, endIpAddress: string) => ({
  id: `${serverId(subscription, resourceGroup, server)}/firewallRules/${name}`,
  name,
  type: 'Microsoft.Sql/servers/firewallRules',
  properties: { startIpAddress, endIpAddress },
});

export function azureDbDemoFixturesFor(subscription: string): FixtureFile[] {
  return [
    {
      source: SQL_SOURCE,
      routes: [
        {
          method: 'GET',
          path: `${SUB}/providers/Microsoft\\.Sql/servers$`,
          body: {
            value: [
              sqlServer(subscription, 'rg-learning-lodge', 'learning-lodge-sql', 'Enabled'),
              sqlServer(subscription, 'rg-billing', 'billing-sql', 'Disabled'),
            ],
          },
        },
      ],
    },
    {
      source: SQL_RULES_SOURCE,
      routes: [
        {
          method: 'GET',
          path: `${SUB}/resourceGroups/rg-learning-lodge/providers/Microsoft\\.Sql/servers/learning-lodge-sql/firewallRules$`,
          body: {
            value: [
              // Added "for the weekend" to let a contractor in; still there.
              firewallRule(subscription, 'rg-learning-lodge', 'learning-lodge-sql', 'AllowAll', '0.0.0.0', '255.255.255.255'),
              firewallRule(subscription, 'rg-learning-lodge', 'learning-lodge-sql', 'AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0'),
            ],
          },
        },
        {
          method: 'GET',
          path: `${SUB}/resourceGroups/rg-billing/providers/Microsoft\\.Sql/servers/billing-sql/firewallRules$`,
          body: { value: [firewallRule(subscription, 'rg-billing', 'billing-sql', 'Office', '52.174.10.20', '52.174.10.20')] },
        },
      ],
    },
    {
      source: 'https://learn.microsoft.com/en-us/rest/api/sql/ipv6-firewall-rules/list-by-server',
      routes: [{ method: 'GET', path: `${SUB}/resourceGroups/[^/]+/providers/Microsoft\\.Sql/servers/[^/]+/ipv6FirewallRules$`, body: { value: [] } }],
    },
    {
      source: 'https://learn.microsoft.com/en-us/rest/api/postgresql/flexibleserver/servers/list',
      routes: [{ method: 'GET', path: `${SUB}/providers/Microsoft\\.DBforPostgreSQL/flexibleServers$`, body: { value: [] } }],
    },
    {
      source: 'https://learn.microsoft.com/en-us/rest/api/mysql/flexibleserver/servers/list',
      routes: [{ method: 'GET', path: `${SUB}/providers/Microsoft\\.DBforMySQL/flexibleServers$`, body: { value: [] } }],
    },
    {
      source: 'https://learn.microsoft.com/en-us/rest/api/cosmos-db-resource-provider/database-accounts/list',
      routes: [{ method: 'GET', path: `${SUB}/providers/Microsoft\\.DocumentDB/databaseAccounts$`, body: { value: [] } }],
    },
  ];
}

export const azureDbDemoFixtures: FixtureFile[] = azureDbDemoFixturesFor(DEMO_SUBSCRIPTION);
