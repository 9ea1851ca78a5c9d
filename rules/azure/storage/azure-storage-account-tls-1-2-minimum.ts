import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageAccount } from '../../../src/inventory/azure.ts';

const OLD_VERSIONS = new Set(['TLS1_0', 'TLS1_1']);

export default defineRule<StorageAccount>()({
  meta: {
    id: 'azure-storage-account-tls-1-2-minimum',
    resourceType: 'azure.storage.account',
    title: 'Storage account requires TLS 1.2 or newer',
    severity: 'medium',
    description: 'Checks MinimumTlsVersion. TLS1_0 and TLS1_1 fail; an absent value fails too, because accounts without the property accept TLS 1.0.',
    risk: 'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by most compliance frameworks; clients that negotiate them expose keys and data in transit.',
    remediation: {
      text: 'Set the minimum TLS version to TLS1_2 after checking the account\'s logs for older clients.',
      cli: 'az storage account update --name <account> --resource-group <group> --min-tls-version TLS1_2',
    },
    references: ['https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version'],
    requires: ['settings'],
    messages: { old: 'Storage account {{name}} accepts {{version}}.' },
  },
  evaluate: (account, { pass, fail }) => {
    const version = account.facets.settings.minimumTlsVersion;
    const trace = [{ layer: 'account', ref: 'minimumTlsVersion', effect: 'note' as const, detail: `MinimumTlsVersion is ${version ?? 'not set'}` }];
    if (version === null) return fail('old', { name: account.ref.name, version: 'TLS 1.0 (MinimumTlsVersion is not set)' }, trace);
    if (OLD_VERSIONS.has(version)) return fail('old', { name: account.ref.name, version: `${version.replace('TLS', 'TLS ').replace('_', '.')} (MinimumTlsVersion ${version})` }, trace);
    return pass(`MinimumTlsVersion is ${version}.`, trace);
  },
});
