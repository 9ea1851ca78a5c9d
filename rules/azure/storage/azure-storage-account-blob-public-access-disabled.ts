import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-blob-public-access-disabled',
    resourceType: 'azure.storage.account',
    title: 'Storage account disallows anonymous blob access',
    severity: 'high',
    description: 'Checks the account\'s AllowBlobPublicAccess property. Only an explicit false stops every container from being opened to anonymous clients; Azure treats an absent value (older accounts) as allowed.',
    risk: 'While the account allows it, a single container level change (a script, a portal click, a template default) makes data public with no other guard in the way.',
    remediation: {
      text: 'Disallow blob public access on the account after checking that no container must stay public (Azure Monitor logs show anonymous requests).',
      cli: 'az storage account update --name <account> --resource-group <group> --allow-blob-public-access false',
    },
    references: ['https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent'],
    requires: ['settings'],
    messages: { allowed: 'Storage account {{name}} allows anonymous blob access (AllowBlobPublicAccess {{value}}).' },
  },
  evaluate: (account, { pass, fail }) => {
    const value = account.facets.settings.allowBlobPublicAccess;
    const trace = [{ layer: 'account', ref: 'allowBlobPublicAccess', effect: value === false ? ('blocks' as const) : ('grants' as const), detail: `AllowBlobPublicAccess is ${value ?? 'not set (treated as allowed)'}` }];
    if (value === false) return pass('AllowBlobPublicAccess is false: no container can be opened to anonymous clients.', trace);
    return fail('allowed', { name: account.ref.name, value: value === null ? 'not set, which Azure treats as allowed' : 'true' }, trace);
  },
});
