import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-https-only',
    resourceType: 'azure.storage.account',
    title: 'Storage account accepts HTTPS requests only',
    severity: 'medium',
    description: 'Checks supportsHttpsTrafficOnly (enableHttpsTrafficOnly in the REST API). Only true refuses plain HTTP; an absent value is reported as failing because it cannot be shown to refuse HTTP.',
    risk: 'Over plain HTTP, SAS tokens, shared-key signatures and the data itself travel readable by anyone on the path.',
    remediation: {
      text: 'Require secure transfer on the account.',
      cli: 'az storage account update --name <account> --resource-group <group> --https-only true',
    },
    references: ['https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer'],
    requires: ['settings'],
    messages: { http: 'Storage account {{name}} accepts plain HTTP (secure transfer required is {{value}}).' },
  },
  evaluate: (account, { pass, fail }) => {
    const value = account.facets.settings.supportsHttpsTrafficOnly;
    const trace = [{ layer: 'account', ref: 'supportsHttpsTrafficOnly', effect: 'note' as const, detail: `supportsHttpsTrafficOnly is ${value ?? 'not set'}` }];
    if (value === true) return pass('Secure transfer is required: plain HTTP is refused.', trace);
    return fail('http', { name: account.ref.name, value: value === null ? 'not set' : 'false' }, trace);
  },
});
