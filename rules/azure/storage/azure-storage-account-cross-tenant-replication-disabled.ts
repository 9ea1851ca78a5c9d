import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-cross-tenant-replication-disabled',
    resourceType: 'azure.storage.account',
    title: 'Storage account does not allow object replication to other tenants',
    severity: 'low',
    description: 'Checks AllowCrossTenantReplication. Only an explicit false stops object replication policies from copying blobs to accounts in other Microsoft Entra tenants.',
    risk: 'A replication policy to another tenant copies every new blob out of the organisation, where none of its own access controls or logs apply.',
    remediation: {
      text: 'Disallow cross-tenant object replication unless a documented replication needs it.',
      cli: 'az storage account update --name <account> --resource-group <group> --allow-cross-tenant-replication false',
    },
    references: ['https://learn.microsoft.com/azure/storage/blobs/object-replication-prevent-cross-tenant-policies'],
    requires: ['settings'],
    messages: { allowed: 'Storage account {{name}} allows object replication to other tenants (AllowCrossTenantReplication {{value}}).' },
  },
  evaluate: (account, { pass, fail }) => {
    const value = account.facets.settings.allowCrossTenantReplication;
    const trace = [{ layer: 'account', ref: 'allowCrossTenantReplication', effect: 'note' as const, detail: `AllowCrossTenantReplication is ${value ?? 'not set'}` }];
    if (value === false) return pass('Cross-tenant object replication is disallowed.', trace);
    return fail('allowed', { name: account.ref.name, value: value === null ? 'not set' : 'true' }, trace);
  },
});
