import { evaluateNetwork } from '../../../src/analysis/azure-access.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-not-reachable-from-all-networks',
    resourceType: 'azure.storage.account',
    title: 'Storage account endpoints are not reachable from all networks',
    severity: 'medium',
    description: 'Checks publicNetworkAccess and the network rule set: the account is reachable from the internet when public network access is enabled (or unset) and the default action is Allow, or when an IP rule admits a range wider than network.maxPublicPrefix.',
    risk: 'With every network allowed, a leaked key, SAS token or a public container is usable from anywhere; network rules are the layer that still holds when a credential does not.',
    remediation: {
      text: 'Set the network rule set\'s default action to Deny and admit only the virtual networks, IP ranges and trusted services that need the account, or disable public network access and use private endpoints.',
      cli: 'az storage account update --name <account> --resource-group <group> --default-action Deny',
    },
    references: ['https://learn.microsoft.com/azure/storage/common/storage-network-security'],
    requires: ['settings'],
    messages: { open: 'Storage account {{name}} is reachable from all networks: {{reason}}.' },
  },
  evaluate: (account, { pass, fail, unknown, ctx }) => {
    const network = evaluateNetwork(account.facets.settings, ctx.network);
    if (network.reach === 'internet') return fail('open', { name: account.ref.name, reason: network.reason }, network.trace);
    if (network.reach === 'perimeter') return unknown(`${account.ref.name}: ${network.reason}.`, network.trace);
    return pass(`Restricted: ${network.reason}.`, network.trace);
  },
});
