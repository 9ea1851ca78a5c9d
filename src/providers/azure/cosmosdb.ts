/**
 * Azure Cosmos DB accounts: one paginated listing per subscription carries everything the rules
 * read (public network access, the IP and virtual network filters, disableLocalAuth), so an
 * account costs no call of its own. Keys are never listed: listKeys is a POST ajar never sends.
 */
import { CosmosDBManagementClient, type DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import type { CosmosAuthentication, CosmosDbAccount, CosmosNetwork } from '../../inventory/azure-db.ts';
import { readable } from '../../inventory/common.ts';
import type { CollectionPlan } from '../types.ts';
import { classifyAzureError } from './errors.ts';
import { isUnregisteredProvider, noteUnregistered } from './firewalled-servers.ts';
import { forEachListed, orNull, ServiceListingFailed, type AzureRoleActions, type AzureServiceCollector } from './service.ts';

export const COSMOS_ACCOUNTS_LIST = 'Microsoft.DocumentDB/databaseAccounts:list';
export const COSMOS_PERMISSION = 'Microsoft.DocumentDB/databaseAccounts/read';

export function toCosmosNetwork(account: DatabaseAccountGetResults): CosmosNetwork {
  return {
    publicNetworkAccess: orNull(account.publicNetworkAccess),
    ipRules: (account.ipRules ?? []).map((r) => r.ipAddressOrRange).filter((r): r is string => typeof r === 'string'),
    isVirtualNetworkFilterEnabled: account.isVirtualNetworkFilterEnabled === true,
    virtualNetworkRules: (account.virtualNetworkRules ?? []).map((r) => r.id).filter((r): r is string => typeof r === 'string'),
    privateEndpointConnections: account.privateEndpointConnections?.length ?? 0,
  };
}

// Omitted means keys work: local authentication is on unless disableLocalAuth is true.
/** Cosmos DB reports the display name ("West Europe"); the other services use the region name ("westeurope"). */
export const regionOf = (location: string | undefined): string => (location ? location.toLowerCase().replace(/\s+/g, '') : 'global');

export const toCosmosAuthentication = (account: DatabaseAccountGetResults): CosmosAuthentication => ({ disableLocalAuth: account.disableLocalAuth === true });

export const cosmosdbService: AzureServiceCollector = {
  id: 'cosmosdb',
  resourceTypes: ['azure.cosmosdb.account'],
  async collect(run) {
    const wanted = run.plan.get('azure.cosmosdb.account');
    if (!wanted) return;
    const client = new CosmosDBManagementClient(run.clients.credential, run.subscription, run.clients.armOptions());
    try {
      await forEachListed(run, client.databaseAccounts.list(), (account) => {
        const facets: CosmosDbAccount['facets'] = {};
        if (wanted.has('network')) facets.network = readable(toCosmosNetwork(account));
        if (wanted.has('authentication')) facets.authentication = readable(toCosmosAuthentication(account));
        run.sink({
          ref: { provider: 'azure', account: run.subscription, region: regionOf(account.location), type: 'azure.cosmosdb.account', id: account.id ?? '', name: account.name ?? '' },
          facets,
        } satisfies CosmosDbAccount);
      });
    } catch (error) {
      const failure = classifyAzureError(error);
      if (isUnregisteredProvider(failure.code)) {
        noteUnregistered(run, COSMOS_ACCOUNTS_LIST, 'Cosmos DB accounts');
        return;
      }
      throw new ServiceListingFailed(COSMOS_ACCOUNTS_LIST, failure.code, failure.message, failure.network);
    }
  },
  permissions(plan: CollectionPlan): AzureRoleActions {
    return { actions: plan.has('azure.cosmosdb.account') ? [COSMOS_PERMISSION] : [] };
  },
};
