/**
 * The real CLI, as a subprocess, against the loopback ARM fixture server (HTTPS, responses shaped
 * per the azure-rest-api-specs examples): container verdicts and reasons across every layer,
 * paging of accounts and containers, a 429 with Retry-After retried and counted, a refused
 * subscription (403 → not scanned, exit 3), a refused data plane (403 → unknown), the exit codes,
 * the permissions document, and credentials that are missing or unreachable.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import pLimit from 'p-limit';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { runCli } from '../support/cli.ts';
import { BlobDataPlane } from '../../src/providers/azure/blob-data.ts';
import { AzureClients, FixedTokenCredential } from '../../src/providers/azure/clients.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/azure/storage');
const SUB_A = '9f3c1a52-6b1e-4f7a-9a0d-3c5e2b7d8e10';
const SUB_B = '5d2e8b71-0c4f-4e3a-b6d9-1a7f3e9c2b45';
const DISABLED_SUB = '0b7d3c9e-2f41-4a8b-9e6d-7c5a1f3b2d08';
const ACCOUNTS_A = `/subscriptions/${SUB_A}/providers/Microsoft.Storage/storageAccounts`;
const ACCOUNTS_B = `/subscriptions/${SUB_B}/providers/Microsoft.Storage/storageAccounts`;
const READABLE = 'azure-storage-container-not-publicly-readable';
const LISTABLE = 'azure-storage-container-not-publicly-listable';
const work = mkdtempSync(join(tmpdir(), 'ajar-azure-it-'));

const find = (report: Report, resource: string, ruleId: string): Finding => {
  const finding = report.findings.find((f) => f.resource.name === resource && f.ruleId === ruleId);
  if (!finding) throw new Error(`no ${ruleId} finding for ${resource}`);
  return finding;
};

describe('scan azure against the fixture server', () => {
  let server: FixtureServer;
  const env = () => ({ NODE_EXTRA_CA_CERTS: server.caFile!, AJAR_AZURE_ACCESS_TOKEN: 'fixture-token' });
  const scan = (args: string[], name: string, rules = 'azure-storage-*') =>
    runCli(['scan', 'azure', '--azure-endpoint', server.url, '--rules', rules, '--format', 'json', '--output', join(work, name), ...args], env());

  beforeAll(async () => {
    server = await startFixtureServer({ tls: true, fixtures: [FIXTURES] });
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('a whole estate, one subscription refused, one throttled answer', () => {
    let report: Report;
    let code: number | null;
    let stderr: string;
    let firstRequest: number;

    beforeAll(async () => {
      firstRequest = server.requests.length;
      server.fail({ path: ACCOUNTS_A, status: 429, headers: { 'retry-after': '1' }, times: 1 });
      server.fail({
        path: ACCOUNTS_B,
        status: 403,
        body: { error: { code: 'AuthorizationFailed', message: `The client 'ajar-scanner' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read' over scope '/subscriptions/${SUB_B}'.` } },
      });
      const result = await scan([], 'estate.json');
      server.clearFaults();
      code = result.code;
      stderr = result.stderr;
      report = JSON.parse(readFileSync(join(work, 'estate.json'), 'utf8'));
    }, 60_000);

    it('exits 1: critical findings exist', () => {
      expect(code).toBe(1);
    });

    it('finds the Container-level container readable and listable, naming every layer', () => {
      const read = find(report, 'kidslearnphotos/profile-photos', READABLE);
      expect(read.status).toBe('fail');
      expect(read.message).toBe(
        "Container kidslearnphotos/profile-photos can be read by anyone: level Container, AllowBlobPublicAccess true, publicNetworkAccess is Enabled and the network rule set's default action is Allow: every network.",
      );
      expect(read.trace.map((s) => `${s.layer}:${s.effect}`)).toEqual(['container:grants', 'account:note', 'account network:grants']);
      expect(find(report, 'kidslearnphotos/profile-photos', LISTABLE).status).toBe('fail');
    });

    it('follows the containers nextLink: the Blob-level container on page 2 is readable, not listable', () => {
      expect(find(report, 'kidslearnphotos/lesson-videos', READABLE).status).toBe('fail');
      expect(find(report, 'kidslearnphotos/lesson-videos', LISTABLE).status).toBe('pass');
      expect(find(report, 'kidslearnphotos/backups', READABLE).status).toBe('pass');
      expect(server.requests.slice(firstRequest).some((r) => r.query.$skipToken === 'containers-page2')).toBe(true);
    });

    it('passes a public level neutralised by AllowBlobPublicAccess false, saying so', () => {
      const finding = find(report, 'lockeddata/exports', READABLE);
      expect(finding.status).toBe('pass');
      expect(finding.message).toContain('neutralised by AllowBlobPublicAccess false');
    });

    it('follows the accounts nextLink: page-2 accounts are scanned, the firewall blocks a public level', () => {
      const finding = find(report, 'firewalled/reports', LISTABLE);
      expect(finding.status).toBe('pass');
      expect(finding.message).toContain("default action is Deny (admits only 1 IP rule(s), 1 subnet(s), bypass AzureServices)");
      expect(server.requests.slice(firstRequest).some((r) => r.path === ACCOUNTS_A && r.query.$skipToken === 'page2')).toBe(true);
    });

    it('treats an absent AllowBlobPublicAccess as allowed (older accounts)', () => {
      expect(find(report, 'legacysite/assets', READABLE).message).toContain('AllowBlobPublicAccess unset');
      expect(find(report, 'legacysite', 'azure-storage-account-blob-public-access-disabled').message).toContain('not set, which Azure treats as allowed');
    });

    it('reports account settings: TLS 1.0, plain HTTP, all networks', () => {
      expect(find(report, 'kidslearnphotos', 'azure-storage-account-tls-1-2-minimum').message).toContain('accepts TLS 1.0');
      expect(find(report, 'firewalled', 'azure-storage-account-https-only').status).toBe('fail');
      expect(find(report, 'lockeddata', 'azure-storage-account-not-reachable-from-all-networks').message).toContain('publicNetworkAccess is Disabled');
    });

    it('turns a refused data plane (403) into unknown for $web, whose verdict needs the static website switch', () => {
      const site = find(report, 'legacysite/$web', READABLE);
      expect(site.status).toBe('unknown');
      expect(site.message).toContain('static website switch could not be read');
      expect(find(report, 'legacysite/$web', LISTABLE).status).toBe('pass');
      // Only $web needs the switch: one data-plane call for the whole estate.
      expect(report.stats.apiCallsByOperation['blob:GetBlobServiceProperties']).toBe(1);
    });

    it('retried the 429 after Retry-After and counted both attempts', () => {
      const attempts = server.requests.slice(firstRequest).filter((r) => r.path === ACCOUNTS_A && !r.query.$skipToken);
      expect(attempts.map((r) => r.status)).toEqual([429, 200]);
      // 429 + retry + page 2 in subscription A, the refused listing in subscription B.
      expect(report.stats.apiCallsByOperation['Microsoft.Storage/storageAccounts:list']).toBe(4);
      expect(report.stats.apiCallsByOperation['Microsoft.Storage/storageAccounts/blobServices/containers:list']).toBe(5);
      expect(report.stats.apiCallsByOperation['Microsoft.Resources/subscriptions:list']).toBe(1);
      // The one injected 429 is the one retry the report counts.
      expect(report.stats.retriesByProvider).toEqual({ azure: 1 });
    });

    it('records the refused subscription as not scanned, and skips the disabled one', () => {
      const refused = report.scope.find((s) => s.account === SUB_B);
      expect(refused?.notScanned).toContain('AuthorizationFailed');
      expect(report.scope.find((s) => s.account === SUB_A)?.notScanned).toBeUndefined();
      expect(report.collectionErrors).toContainEqual(expect.objectContaining({ account: SUB_B, operation: 'Microsoft.Storage/storageAccounts:list', code: 'AuthorizationFailed' }));
      expect(report.scope.some((s) => s.account === DISABLED_SUB)).toBe(false);
      expect(server.requests.some((r) => r.path.includes(DISABLED_SUB))).toBe(false);
    });

    it('sent only GETs, each with a bearer token, and logged nothing secret', () => {
      const sent = server.requests.slice(firstRequest);
      expect(sent.every((r) => r.method === 'GET' && r.authorized)).toBe(true);
      expect(stderr).not.toContain('fixture-token');
      expect(JSON.stringify(report)).not.toContain('fixture-token');
    });
  });

  it('exits 3 when the only subscription named refuses the listing', async () => {
    server.fail({ path: ACCOUNTS_B, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no access' } } });
    const before = server.requests.length;
    const result = await scan(['--subscription', SUB_B], 'refused.json');
    server.clearFaults();
    expect(result.code).toBe(3);
    const report: Report = JSON.parse(readFileSync(join(work, 'refused.json'), 'utf8'));
    expect(report.scope).toEqual([expect.objectContaining({ account: SUB_B, notScanned: expect.stringContaining('AuthorizationFailed') })]);
    // --subscription skips the subscriptions listing.
    expect(server.requests.slice(before).some((r) => r.path === '/subscriptions')).toBe(false);
  }, 90_000);

  it('exits 3 when the data plane refuses (403) the one read a verdict needs and nothing fails', async () => {
    const SUB_C = 'e4a1b6c2-93d8-4f70-8b25-6c1d0a9e7f31';
    const account = `/subscriptions/${SUB_C}/resourceGroups/web/providers/Microsoft.Storage/storageAccounts/brochuresite`;
    server.addFixtures({
      source: 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples/StorageAccountList.json',
      routes: [{
        path: `/subscriptions/${SUB_C}/providers/Microsoft.Storage/storageAccounts`,
        body: { value: [{ id: account, name: 'brochuresite', location: 'eastus', kind: 'StorageV2', type: 'Microsoft.Storage/storageAccounts', properties: { allowBlobPublicAccess: false, publicNetworkAccess: 'Enabled', networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] }, primaryEndpoints: { blob: '{{baseUrl}}/blob/brochuresite/' } } }] },
      }],
    });
    server.addFixtures({
      source: 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples/BlobContainersList.json',
      routes: [{ path: `${account}/blobServices/default/containers`, body: { value: [{ id: `${account}/blobServices/default/containers/$web`, name: '$web', type: 'Microsoft.Storage/storageAccounts/blobServices/containers', properties: { publicAccess: 'None' } }] } }],
    });
    const result = await scan(['--subscription', SUB_C], 'unknown.json', 'azure-storage-container-*');
    expect(result.code).toBe(3);
    const report: Report = JSON.parse(readFileSync(join(work, 'unknown.json'), 'utf8'));
    expect(report.summary.byStatus).toEqual(expect.objectContaining({ unknown: 1, fail: 0, pass: 1 }));
    const site = find(report, 'brochuresite/$web', READABLE);
    expect(site.trace).toContainEqual(expect.objectContaining({ layer: 'static website', effect: 'note' }));
    expect(server.requests.some((r) => r.path === '/blob/brochuresite/' && r.query.comp === 'properties' && r.status === 403)).toBe(true);
  }, 90_000);

  it('retries a busy blob data plane (503 ServerBusy) with ajar\'s policy, counting each attempt', async () => {
    // Blob storage throttles with 503 ServerBusy (https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes);
    // one retry by ajar's policy, none by the SDK's (maxTries 1), so the server sees exactly two.
    server.fail({ path: '/blob/legacysite/', status: 503, headers: { 'x-ms-error-code': 'ServerBusy' }, times: 1 });
    const before = server.requests.length;
    const result = await scan([], 'blob-busy.json');
    server.clearFaults();
    const report: Report = JSON.parse(readFileSync(join(work, 'blob-busy.json'), 'utf8'));
    const blob = server.requests.slice(before).filter((r) => r.path === '/blob/legacysite/');
    expect(blob.map((r) => r.status)).toEqual([503, 403]);
    expect(report.stats.apiCallsByOperation['blob:GetBlobServiceProperties']).toBe(2);
    expect(report.stats.retries).toBe(1);
    // After the retry the account's 403 fixture answers: the verdict is unknown as without the 503.
    expect(find(report, 'legacysite/$web', READABLE).status).toBe('unknown');
    expect(result.code).toBe(1);
  }, 90_000);

  it('stops sending to Azure at the first blob data-plane 401, says so once, and leaves the rest unknown', async () => {
    // A bearer token the blob service no longer accepts: 401 InvalidAuthenticationInfo
    // (https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes). Every
    // further request, ARM included, would fail the same way (one identity for the provider).
    const concurrency = 2;
    server.fail({ path: /^\/blob\//, status: 401, headers: { 'x-ms-error-code': 'InvalidAuthenticationInfo' } });
    const before = server.requests.length;
    const result = await scan(['--concurrency', String(concurrency)], 'blob-401.json');
    server.clearFaults();
    const sent = server.requests.slice(before);
    const first = sent.findIndex((r) => r.status === 401);
    expect(first).toBeGreaterThanOrEqual(0);
    const after = sent.length - first - 1;
    console.log(`azure blob: ${after} request(s) after the first 401 (concurrency ${concurrency}, bound ${2 * concurrency - 1})`);
    // In flight when the 401 was read, plus one new call for each answered just before (clients.ts, credentialsRejectedPolicy).
    expect(after).toBeLessThanOrEqual(2 * concurrency - 1);
    // No SDK retry of the 401 either.
    expect(sent.filter((r) => r.path.startsWith('/blob/'))).toHaveLength(1);
    const rejected = result.stderr.split('\n').filter((line) => line.includes('rejected the credentials'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('InvalidAuthenticationInfo');
    expect(rejected[0]).toContain('blob:GetBlobServiceProperties');
    const report: Report = JSON.parse(readFileSync(join(work, 'blob-401.json'), 'utf8'));
    expect(find(report, 'legacysite/$web', READABLE).status).toBe('unknown');
    expect(report.findings.some((f) => f.status === 'pass' && JSON.stringify(f).includes('InvalidAuthenticationInfo'))).toBe(false);
    // Critical findings read before the 401 exist, and 1 outranks 3 (docs/ci-gate.md, exit codes).
    expect(result.code).toBe(1);
  }, 90_000);

  it('sends at most 2·concurrency − 1 data-plane requests after a blob 401, and none at all once it is recorded', async () => {
    // The data-plane client alone, over many accounts (each unknown to the server: a 404, not
    // retried), so that most of the work is still ahead when account 5 answers 401.
    setDefaultCACertificates([...getCACertificates('default'), readFileSync(server.caFile!, 'utf8')]);
    const concurrency = 2;
    const told: string[] = [];
    const clients = new AzureClients({ endpoint: server.url, credential: new FixedTokenCredential('fixture-token'), onCredentialsRejected: (operation, code) => told.push(`${operation} ${code}`) });
    const data = new BlobDataPlane(clients);
    server.fail({ path: '/blob/acct5/', status: 401, headers: { 'x-ms-error-code': 'InvalidAuthenticationInfo' } });
    const before = server.requests.length;
    const limit = pLimit(concurrency);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => limit(() => data.staticWebsite(`${server.url}/blob/acct${i}/`))));
    server.clearFaults();
    const sent = server.requests.slice(before);
    const first = sent.findIndex((r) => r.status === 401);
    expect(first).toBeGreaterThanOrEqual(0);
    const after = sent.length - first - 1;
    console.log(`azure blob data plane: ${after} request(s) after the 401 (concurrency ${concurrency}, bound ${2 * concurrency - 1}), ${sent.length} of 20 sent`);
    expect(after).toBeLessThanOrEqual(2 * concurrency - 1);
    expect(told).toEqual(['blob:GetBlobServiceProperties InvalidAuthenticationInfo']);
    const refused = outcomes.filter((o) => o.status === 'rejected' && (o.reason as Error).name === 'CredentialsRejected');
    expect(refused.length).toBe(20 - sent.length);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    // Every attempt sent was counted; the refused ones were not sent, so not counted.
    expect(clients.counter.byOperation.get('blob:GetBlobServiceProperties')).toBe(sent.length);
  });

  it('collects an inventory that replays offline to the same verdicts, with no API call', async () => {
    const inventory = join(work, 'inventory.json');
    const collected = await runCli(['collect', 'azure', '--azure-endpoint', server.url, '--subscription', SUB_A, '--rules', 'azure-storage-*', '--output', inventory], env());
    // Incomplete, not failed: the $web static website switch was refused by the data plane.
    expect(collected.code).toBe(3);
    const before = server.requests.length;
    const replay = await runCli(['scan', 'azure', '--inventory', inventory, '--rules', 'azure-storage-*', '--format', 'json'], {});
    expect(server.requests.length).toBe(before);
    const offline: Report = JSON.parse(replay.stdout);
    expect(find(offline, 'kidslearnphotos/profile-photos', LISTABLE).status).toBe('fail');
    expect(find(offline, 'firewalled/reports', READABLE).status).toBe('pass');
    expect(find(offline, 'legacysite/$web', READABLE).status).toBe('unknown');
    expect(offline.stats.apiCalls).toBe(0);
  }, 90_000);

  it('exits 2 with one line when the named ARM endpoint does not answer', async () => {
    const result = await runCli(['scan', 'azure', '--azure-endpoint', 'https://127.0.0.1:1', '--format', 'json'], env());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot reach https://127.0.0.1:1');
  }, 90_000);

  it('without any Azure credential: not scanned, with the reason, quickly', async () => {
    const started = Date.now();
    const result = await runCli(['scan', 'azure', '--rules', 'azure-storage-*', '--format', 'json'], { HOME: work, AZURE_CONFIG_DIR: join(work, 'no-az') });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(3);
    const report: Report = JSON.parse(result.stdout);
    expect(report.scope[0]?.notScanned).toContain('CredentialUnavailable');
    expect(report.scope[0]?.notScanned).toContain('AJAR_AZURE_ACCESS_TOKEN');
    // The chain gave up by itself, well before the 20 s guard (process start on a loaded machine included).
    expect(elapsed).toBeLessThan(19_000);
  }, 90_000);

  it('prints the custom role definition with exactly the read actions the selected rules need', async () => {
    const all = await runCli(['permissions', 'azure', '--rules', 'azure-storage-*']);
    expect(all.code).toBe(0);
    const role = JSON.parse(all.stdout);
    expect(role.Actions).toEqual([
      'Microsoft.Resources/subscriptions/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/read',
      'Microsoft.Storage/storageAccounts/read',
    ]);
    expect(role.DataActions).toEqual([]);
    const accountsOnly = JSON.parse((await runCli(['permissions', 'azure', '--rules', 'azure-storage-account-*'])).stdout);
    expect(accountsOnly.Actions).toEqual(['Microsoft.Resources/subscriptions/read', 'Microsoft.Storage/storageAccounts/read']);
  }, 90_000);
});
