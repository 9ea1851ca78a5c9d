import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-shared-key-access-disabled',
    resourceType: 'azure.storage.account',
    title: 'Storage account refuses Shared Key authorization',
    severity: 'medium',
    description: 'Checks AllowSharedKeyAccess. Only an explicit false makes the account refuse requests signed with an account key and SAS tokens signed with one; an absent value means Shared Key is allowed.',
    risk: 'An account key grants full control of all data, never expires on its own and leaves no identity in the logs; a key in a config file or a long-lived account SAS is public access in all but name.',
    remediation: {
      text: 'Move clients to Microsoft Entra ID (or user delegation SAS), then disallow Shared Key authorization.',
      cli: 'az storage account update --name <account> --resource-group <group> --allow-shared-key-access false',
    },
    references: ['https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent'],
    requires: ['settings'],
    messages: { allowed: 'Storage account {{name}} accepts Shared Key authorization (AllowSharedKeyAccess {{value}}).' },
  },
  evaluate: (account, { pass, fail }) => {
    const value = account.facets.settings.allowSharedKeyAccess;
    const trace = [{ layer: 'account', ref: 'allowSharedKeyAccess', effect: 'note' as const, detail: `AllowSharedKeyAccess is ${value ?? 'not set (allowed)'}` }];
    if (value === false) return pass('Shared Key authorization is disallowed.', trace);
    return fail('allowed', { name: account.ref.name, value: value === null ? 'not set, which means allowed' : 'true' }, trace);
  },
});
