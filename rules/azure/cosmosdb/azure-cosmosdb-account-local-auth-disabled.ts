import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CosmosDbAccount } from '../../../src/inventory/azure-db.ts';

export default defineRule<CosmosDbAccount>()({
  meta: {
    id: 'azure-cosmosdb-account-local-auth-disabled',
    resourceType: 'azure.cosmosdb.account',
    title: 'Cosmos DB account refuses key-based (local) authentication',
    severity: 'medium',
    description:
      'Checks that the Cosmos DB account has disableLocalAuth set, so that its primary and secondary keys and resource tokens are refused and every client must sign in with Microsoft Entra ID under role-based access control.',
    risk: 'An account key is a password with full read and write rights that never expires on its own; one key left in code, a notebook or a log gives anyone who can reach the endpoint all of the data, with nothing in the sign-in logs.',
    remediation: {
      text: 'Move every client to Microsoft Entra ID with Cosmos DB data-plane role assignments, then set disableLocalAuth to true.',
      cli: 'az resource update --resource-group <resource-group> --name <account> --resource-type Microsoft.DocumentDB/databaseAccounts --set properties.disableLocalAuth=true',
    },
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-setup-rbac', 'https://learn.microsoft.com/en-us/azure/cosmos-db/secure-access-to-data'],
    requires: ['authentication'],
    messages: { keys: '{{name}} accepts its account keys and resource tokens (disableLocalAuth is not set).' },
  },
  evaluate: (account, { pass, fail }) => {
    const disabled = account.facets.authentication.disableLocalAuth;
    const trace = [{ layer: 'local authentication', ref: 'disableLocalAuth', effect: disabled ? ('blocks' as const) : ('grants' as const), detail: disabled ? 'keys and resource tokens are refused; Microsoft Entra ID only' : 'the account keys grant full access to whoever holds them' }];
    return disabled ? pass('Only Microsoft Entra ID can authenticate: disableLocalAuth is true.', trace) : fail('keys', { name: account.ref.name }, trace);
  },
});
