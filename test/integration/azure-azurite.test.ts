/**
 * ajar's container verdicts against what Azurite actually lets an anonymous client do. Azurite
 * holds the data plane (containers at each access level, a blob in each, stored access policies,
 * the static website switch), seeded by this test through Shared Key; the ARM fixture server
 * describes the same account and containers (built from Azurite's own listing), with the
 * account's blob endpoint pointing at Azurite. The real CLI then reads ARM and Azurite with a
 * bearer token, and every read/list verdict must match an anonymous GET against Azurite.
 */
import { request } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { BlobServiceClient, ContainerClient, newPipeline, StorageSharedKeyCredential, type PublicAccessType } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { emulatorBearerToken, startAzurite, type RunningAzurite } from '../../scripts/lib/azurite.ts';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { BlobDataPlane } from '../../src/providers/azure/blob-data.ts';
import { AzureClients, FixedTokenCredential } from '../../src/providers/azure/clients.ts';
import { runCli } from '../support/cli.ts';

const SUB = '2c8e4f1a-7b3d-4e9f-a1c6-5d0b8e2f4a73';
const ACCOUNT = 'kidsphotos';
const RG = 'learning-app';
const SPEC = 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples/';
const LEVELS: Record<string, PublicAccessType | undefined> = { 'profile-photos': 'container', 'lesson-videos': 'blob', backups: undefined };
const work = mkdtempSync(join(tmpdir(), 'ajar-azurite-it-'));

/** An anonymous GET, as anyone on the internet would send it: no Authorization header. */
function anonymousGet(url: string, ca: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'GET', ca, headers: { 'x-ms-version': '2025-01-05' } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.once('error', fail);
    req.end();
  });
}

describe('container verdicts match what Azurite lets anonymous clients do', () => {
  let azurite: RunningAzurite;
  let arm: FixtureServer;
  let report: Report;
  let code: number | null;
  const anonymous: Record<string, { read: number; list: number }> = {};

  const finding = (container: string, ruleId: string): Finding => {
    const found = report.findings.find((f) => f.resource.name === `${ACCOUNT}/${container}` && f.ruleId === ruleId);
    if (!found) throw new Error(`no ${ruleId} finding for ${container}`);
    return found;
  };

  beforeAll(async () => {
    azurite = await startAzurite({ accounts: [ACCOUNT] });
    arm = await startFixtureServer({ tls: true });
    setDefaultCACertificates([...getCACertificates('default'), azurite.cert]);

    // Seed the data plane through Shared Key, as the account owner would.
    const key = azurite.accounts[0]!.key;
    const service = new BlobServiceClient(azurite.blobEndpoint(ACCOUNT), new StorageSharedKeyCredential(ACCOUNT, key));
    for (const [name, access] of Object.entries(LEVELS)) {
      const container = service.getContainerClient(name);
      await container.create(access ? { access } : {});
      await container.getBlockBlobClient('child.jpg').upload('not really a photo', 18);
    }
    await service.getContainerClient('$web').create();
    await service.setProperties({ staticWebsite: { enabled: true, indexDocument: 'index.html' } });

    // The management plane says what Azurite holds: containers and levels from Azurite's own listing.
    const containers = [];
    for await (const item of service.listContainers()) {
      containers.push({
        id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}/blobServices/default/containers/${item.name}`,
        name: item.name,
        type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
        etag: item.properties.etag,
        properties: { publicAccess: item.properties.publicAccess === 'container' ? 'Container' : item.properties.publicAccess === 'blob' ? 'Blob' : 'None', leaseStatus: 'Unlocked', leaseState: 'Available', hasImmutabilityPolicy: false, hasLegalHold: false },
      });
    }
    arm.addFixtures({
      source: `${SPEC}StorageAccountList.json`,
      routes: [
        {
          path: `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`,
          body: {
            value: [
              {
                id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}`,
                kind: 'StorageV2',
                location: 'westeurope',
                name: ACCOUNT,
                type: 'Microsoft.Storage/storageAccounts',
                sku: { name: 'Standard_LRS', tier: 'Standard' },
                properties: {
                  allowBlobPublicAccess: true,
                  publicNetworkAccess: 'Enabled',
                  networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
                  minimumTlsVersion: 'TLS1_2',
                  supportsHttpsTrafficOnly: true,
                  primaryEndpoints: { blob: azurite.blobEndpoint(ACCOUNT), web: `https://${ACCOUNT}.z6.web.core.windows.net/` },
                  provisioningState: 'Succeeded',
                },
              },
            ],
          },
        },
      ],
    });
    arm.addFixtures({ source: `${SPEC}BlobContainersList.json`, routes: [{ path: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}/blobServices/default/containers`, body: { value: containers } }] });

    for (const name of Object.keys(LEVELS)) {
      anonymous[name] = {
        read: await anonymousGet(`${azurite.blobEndpoint(ACCOUNT)}${name}/child.jpg`, azurite.cert),
        list: await anonymousGet(`${azurite.blobEndpoint(ACCOUNT)}${name}?restype=container&comp=list`, azurite.cert),
      };
    }

    const caBundle = join(work, 'ca.pem');
    writeFileSync(caBundle, `${readFileSync(arm.caFile!, 'utf8')}\n${azurite.cert}`);
    const result = await runCli(
      ['scan', 'azure', '--subscription', SUB, '--azure-endpoint', arm.url, '--rules', 'azure-storage-container-*', '--format', 'json', '--output', join(work, 'report.json')],
      { NODE_EXTRA_CA_CERTS: caBundle, AJAR_AZURE_ACCESS_TOKEN: emulatorBearerToken() },
    );
    code = result.code;
    expect(result.stderr).not.toContain('"level":50');
    report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    await arm?.close();
    await azurite?.close();
  });

  it('Azurite enforces the levels: Container reads and lists, Blob reads only, private neither', () => {
    expect(anonymous['profile-photos']).toEqual({ read: 200, list: 200 });
    expect(anonymous['lesson-videos']!.read).toBe(200);
    expect(anonymous['lesson-videos']!.list).not.toBe(200);
    expect(anonymous.backups!.read).not.toBe(200);
    expect(anonymous.backups!.list).not.toBe(200);
  });

  it.each(Object.keys(LEVELS))('%s: ajar says readable exactly when an anonymous GET of a blob succeeds', (name) => {
    const read = finding(name, 'azure-storage-container-not-publicly-readable');
    expect(read.status).toBe(anonymous[name]!.read === 200 ? 'fail' : 'pass');
  });

  it.each(Object.keys(LEVELS))('%s: ajar says listable exactly when an anonymous List Blobs succeeds', (name) => {
    const list = finding(name, 'azure-storage-container-not-publicly-listable');
    expect(list.status).toBe(anonymous[name]!.list === 200 ? 'fail' : 'pass');
  });

  it('reads the static website switch from the data plane with a bearer token: $web is served to anyone', () => {
    const site = finding('$web', 'azure-storage-container-not-publicly-readable');
    expect(site.status).toBe('fail');
    expect(site.message).toContain('static website is enabled');
  });

  it('why stored access policies are not collected: Get Container ACL refuses a bearer token (Shared Key only)', async () => {
    const credential = new FixedTokenCredential('unused', emulatorBearerToken());
    // Outside ajar's guarded pipeline, so the request reaches Azurite: the same token reads the
    // container's properties, so it is the operation that is refused, not the token.
    const url = `${azurite.blobEndpoint(ACCOUNT).replace(/\/+$/, '')}/backups`;
    const unguarded = new ContainerClient(url, newPipeline(credential));
    await expect(unguarded.getProperties()).resolves.toBeDefined();
    await expect(unguarded.getAccessPolicy()).rejects.toMatchObject({ statusCode: 403 });
    // ajar's own data-plane client never sends it: only Get Blob Service Properties is admitted.
    const clients = new AzureClients({ endpoint: arm.url, credential });
    const guarded = new BlobDataPlane(clients).containerClient(azurite.blobEndpoint(ACCOUNT), 'backups');
    await expect(guarded.getAccessPolicy()).rejects.toThrow(/refused GET blob:GetContainerACL before sending it/);
  });

  it('exits 1 and made exactly one data-plane call (the static website switch, for $web)', () => {
    expect(code).toBe(1);
    expect(report.stats.apiCallsByOperation['blob:GetBlobServiceProperties']).toBe(1);
    expect(Object.keys(report.stats.apiCallsByOperation).filter((op) => op.startsWith('blob:'))).toEqual(['blob:GetBlobServiceProperties']);
  });
});
