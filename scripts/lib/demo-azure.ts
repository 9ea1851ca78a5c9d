/**
 * The Azure part of `npm run demo`: a loopback HTTPS fixture server answering as Azure Resource
 * Manager would for a kids' learning app's subscription, where the storage account holding the
 * children's profile photos was left with a container anyone can list and read (the level
 * `Container`, in an account that allows blob public access from every network), next to a
 * backups account that is locked properly. The Azure database answers (H4's demo fixtures) are
 * served by the same server. Nothing leaves this machine; the bearer token is a placeholder the
 * fixture server accepts.
 */
import { startFixtureServer, type FixtureFile } from './fixture-server.ts';
import { azureDbDemoFixturesFor, DEMO_SUBSCRIPTION } from './demo-azure-db.ts';

const SPEC = 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples/';
const accountId = (group: string, name: string) => `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/${name}`;

const account = (group: string, name: string, properties: Record<string, unknown>) => ({
  id: accountId(group, name),
  kind: 'StorageV2',
  location: 'westeurope',
  name,
  type: 'Microsoft.Storage/storageAccounts',
  sku: { name: 'Standard_ZRS', tier: 'Standard' },
  properties: {
    creationTime: '2019-09-02T07:41:12.1234567Z',
    provisioningState: 'Succeeded',
    primaryLocation: 'westeurope',
    statusOfPrimary: 'available',
    // Blob endpoints are never called in this demo: no `$web` container, so no data-plane read.
    primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, web: `https://${name}.z6.web.core.windows.net/` },
    ...properties,
  },
});

const container = (group: string, accountName: string, name: string, publicAccess: 'Container' | 'Blob' | 'None') => ({
  id: `${accountId(group, accountName)}/blobServices/default/containers/${name}`,
  name,
  type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  etag: '"0x8DC3A1F2B4C5D6E"',
  properties: { publicAccess, leaseStatus: 'Unlocked', leaseState: 'Available', lastModifiedTime: '2019-09-02T08:03:55Z', hasImmutabilityPolicy: false, hasLegalHold: false },
});

const FIXTURES: FixtureFile[] = [
  {
    source: `${SPEC}StorageAccountList.json`,
    routes: [
      {
        path: `/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Storage/storageAccounts`,
        body: {
          value: [
            account('rg-learning-app', 'learnkidsmedia', {
              allowBlobPublicAccess: true,
              publicNetworkAccess: 'Enabled',
              networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
              allowSharedKeyAccess: true,
              minimumTlsVersion: 'TLS1_0',
              supportsHttpsTrafficOnly: true,
              allowCrossTenantReplication: false,
            }),
            account('rg-backups', 'learnkidsbackups', {
              allowBlobPublicAccess: false,
              publicNetworkAccess: 'Disabled',
              networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
              allowSharedKeyAccess: false,
              minimumTlsVersion: 'TLS1_2',
              supportsHttpsTrafficOnly: true,
              allowCrossTenantReplication: false,
            }),
          ],
        },
      },
    ],
  },
  {
    source: `${SPEC}BlobContainersList.json`,
    routes: [
      {
        path: `${accountId('rg-learning-app', 'learnkidsmedia')}/blobServices/default/containers`,
        body: { value: [container('rg-learning-app', 'learnkidsmedia', 'profile-photos', 'Container'), container('rg-learning-app', 'learnkidsmedia', 'lesson-content', 'None')] },
      },
      {
        path: `${accountId('rg-backups', 'learnkidsbackups')}/blobServices/default/containers`,
        body: { value: [container('rg-backups', 'learnkidsbackups', 'nightly-db-dumps', 'None')] },
      },
    ],
  },
];

export async function startAzureDemo(): Promise<{ args: string[]; env: Record<string, string>; describe: string[]; close(): Promise<void> }> {
  // HTTPS: the Azure SDKs refuse to send a bearer token over plain HTTP.
  const server = await startFixtureServer({ tls: true });
  for (const fixture of [...FIXTURES, ...azureDbDemoFixturesFor(DEMO_SUBSCRIPTION)]) server.addFixtures(fixture);
  return {
    args: ['--azure-endpoint', server.url, '--subscription', DEMO_SUBSCRIPTION],
    env: { NODE_EXTRA_CA_CERTS: server.caFile!, AJAR_AZURE_ACCESS_TOKEN: 'demo-placeholder-token' },
    describe: [
      `Azure subscription ${DEMO_SUBSCRIPTION} (served by a loopback HTTPS fixture server at ${server.url}):`,
      '  learnkidsmedia/profile-photos     level Container in an account that allows blob public access from every network: anyone can list and download the children\'s photos',
      '  learnkidsmedia                    also accepts Shared Key and TLS 1.0',
      '  learnkidsbackups/nightly-db-dumps locked: blob public access disallowed, public network access disabled, Shared Key off',
    ],
    close: () => server.close(),
  };
}
