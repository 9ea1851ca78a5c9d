/**
 * Azure clients built by the factory must refuse anything but GET before a byte leaves the
 * process: management plane (PATCH, PUT, DELETE, and the POST listKeys that would hand out the
 * account keys) and blob data plane alike. The loopback fixture server records every request it
 * receives: a refused call must add none; a read must add one and be counted.
 */
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { BlobDataPlane } from '../../src/providers/azure/blob-data.ts';
import { armOperationOf, AzureClients, FixedTokenCredential, MutatingCallRefused } from '../../src/providers/azure/clients.ts';

const SUB = '9f3c1a52-6b1e-4f7a-9a0d-3c5e2b7d8e10';

describe('read-only Azure clients', () => {
  let server: FixtureServer;
  let clients: AzureClients;
  let data: BlobDataPlane;
  const blob = () => `${server.url}/blob/victim/`;

  beforeAll(async () => {
    server = await startFixtureServer({
      tls: true,
      fixtures: [],
    });
    server.addFixtures({
      source: 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples/StorageAccountList.json',
      routes: [{ method: 'GET', path: `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`, body: { value: [] } }],
    });
    // This process talks to the fixture server itself, so it trusts the generated certificate.
    setDefaultCACertificates([...getCACertificates('default'), readFileSync(server.caFile!, 'utf8')]);
    clients = new AzureClients({ endpoint: server.url, credential: new FixedTokenCredential('guard-token') });
    data = new BlobDataPlane(clients);
  });

  afterAll(async () => {
    await server?.close();
  });

  const storage = () => clients.storageFor(SUB);

  it.each<[string, () => Promise<unknown>]>([
    ['PATCH storageAccounts (update)', () => storage().storageAccounts.update('rg', 'victim', { allowBlobPublicAccess: true })],
    ['POST storageAccounts/listKeys', () => storage().storageAccounts.listKeys('rg', 'victim')],
    ['DELETE storageAccounts', () => storage().storageAccounts.delete('rg', 'victim')],
    ['PUT blobContainers (create)', () => storage().blobContainers.create('rg', 'victim', 'c', { publicAccess: 'Container' })],
    ['DELETE blobContainers', () => storage().blobContainers.delete('rg', 'victim', 'c')],
    ['PUT container ACL (data plane)', () => data.containerClient(blob(), 'c').setAccessPolicy('container')],
    ['DELETE container (data plane)', () => data.containerClient(blob(), 'c').delete()],
    ['PUT blob (data plane)', () => data.containerClient(blob(), 'c').getBlockBlobClient('k').upload('x', 1)],
    // Reads of contents: ajar's data-plane allow-list is Get Blob Service Properties alone.
    // https://learn.microsoft.com/rest/api/storageservices/get-blob
    ['GET blob (download, data plane)', () => data.containerClient(blob(), 'c').getBlobClient('roster.csv').download()],
    ['GET blob (downloadToBuffer, data plane)', () => data.containerClient(blob(), 'c').getBlobClient('roster.csv').downloadToBuffer()],
    ['POST blob ?comp=query (data plane)', () => data.containerClient(blob(), 'c').getBlockBlobClient('roster.csv').query('select * from BlobStorage')],
    ['GET container ?comp=list (blob names, data plane)', () => data.containerClient(blob(), 'c').listBlobsFlat().next()],
  ])('refuses %s before sending it', async (_name, call) => {
    const before = server.requests.length;
    const error = await Promise.resolve()
      .then(call)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // The SDKs may wrap the policy's error; what matters is that it is ours and nothing was sent.
    const chain = [error, (error as { cause?: unknown })?.cause];
    expect(chain.some((e) => e instanceof MutatingCallRefused || (e as Error)?.name === 'MutatingCallRefused')).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  it('lets a read through, with a bearer token, and counts it', async () => {
    const before = server.requests.length;
    const accounts = [];
    for await (const account of storage().storageAccounts.list()) accounts.push(account);
    expect(accounts).toEqual([]);
    expect(server.requests.slice(before)).toEqual([expect.objectContaining({ method: 'GET', path: `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`, authorized: true, status: 200 })]);
    expect(clients.counter.byOperation.get('Microsoft.Storage/storageAccounts:list')).toBe(1);
    expect([...clients.counter.byOperation.keys()].every((op) => op.endsWith(':list'))).toBe(true);
  });

  it('names ARM operations the way RBAC names resource types', () => {
    expect(armOperationOf('https://management.azure.com/subscriptions?api-version=2022-12-01')).toBe('Microsoft.Resources/subscriptions:list');
    expect(armOperationOf(`https://x/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/blobServices/default/containers?api-version=1`)).toBe(
      'Microsoft.Storage/storageAccounts/blobServices/containers:list',
    );
    expect(armOperationOf(`https://x/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/s1`)).toBe('Microsoft.Sql/servers:get');
  });
});
