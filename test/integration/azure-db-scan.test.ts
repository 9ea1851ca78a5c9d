/**
 * The real CLI, as a subprocess, scanning Azure SQL, PostgreSQL and MySQL flexible servers and
 * Cosmos DB accounts through the real Azure SDKs against the HTTPS fixture server (recorded ARM
 * responses in test/fixtures/azure/{sql,postgresql,mysql,cosmosdb}): every verdict, paging of
 * both the server listing and a server's firewall rules, a 403 that becomes `unknown`, throttling
 * retried, a listing refused, and the permissions document.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../src/util/retry.ts';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { azureDbDemoFixtures } from '../../scripts/lib/demo-azure-db.ts';
import { runCli } from '../support/cli.ts';
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { SqlManagementClient } from '@azure/arm-sql';
import { AzureClients, FixedTokenCredential } from '../../src/providers/azure/clients.ts';

const SUBSCRIPTION = '6f1c7a52-3b0e-4c8a-9d51-2e7f0a9b4c11';
const FIXTURES = resolve(import.meta.dirname, '../fixtures/azure');
const DB_RULES = 'azure-sql-*,azure-postgresql-*,azure-mysql-*,azure-cosmosdb-*';

let server: FixtureServer;

const scan = (args: string[] = [], fixtureServer: FixtureServer = server) =>
  runCli(['scan', 'azure', '--subscription', SUBSCRIPTION, '--azure-endpoint', fixtureServer.url, '--format', 'json', '--no-progress', ...args], {
    AJAR_AZURE_ACCESS_TOKEN: 'fixture-token',
    NODE_EXTRA_CA_CERTS: fixtureServer.caFile,
  });

const finding = (report: Report, resource: string, ruleId: string): Finding => {
  const found = report.findings.find((f) => f.resource.name === resource && f.ruleId === ruleId);
  if (!found) throw new Error(`no finding for ${ruleId} on ${resource}`);
  return found;
};

beforeAll(async () => {
  server = await startFixtureServer({ tls: true, fixtures: ['sql', 'postgresql', 'mysql', 'cosmosdb'].map((d) => join(FIXTURES, d)) });
});

afterAll(async () => {
  await server?.close();
});

describe('scan azure: databases', () => {
  let report: Report;
  let exitCode: number | null;
  let stderr: string;

  beforeAll(async () => {
    server.requests.length = 0;
    const result = await scan(['--rules', DB_RULES]);
    exitCode = result.code;
    stderr = result.stderr;
    report = JSON.parse(result.stdout) as Report;
  });

  it('exits 1 on critical findings and reads every resource of every page', () => {
    expect(exitCode, stderr).toBe(1);
    const names = (type: string) => [...new Set(report.findings.filter((f) => f.resource.type === type).map((f) => f.resource.name))].sort();
    expect(names('azure.sql.server')).toEqual(['audit-sql', 'kiosk-sql', 'learning-lodge-sql', 'orders-sql', 'payroll-sql']);
    expect(names('azure.postgresql.flexible-server')).toEqual(['analytics-pg', 'ledger-pg']);
    expect(names('azure.mysql.flexible-server')).toEqual(['reports-mysql', 'shop-mysql']);
    expect(names('azure.cosmosdb.account')).toEqual(['cart-cosmos', 'catalog-cosmos', 'telemetry-cosmos', 'vault-cosmos']);
    expect(report.scope).toEqual([expect.objectContaining({ provider: 'azure', account: SUBSCRIPTION })]);
    expect(report.scope[0]!.notScanned).toBeUndefined();
  });

  it('flags the SQL server open to 0.0.0.0–255.255.255.255, naming the rule, and its Azure-services switch', () => {
    const open = finding(report, 'learning-lodge-sql', 'azure-sql-server-not-open-to-internet');
    expect(open).toMatchObject({ status: 'fail', severity: 'critical' });
    expect(open.message).toContain('AllowAll');
    expect(open.trace).toContainEqual(expect.objectContaining({ layer: 'firewall rule', ref: 'AllowAll', effect: 'grants' }));
    expect(open.resource).toMatchObject({ account: SUBSCRIPTION, region: 'westeurope', id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-education/providers/Microsoft.Sql/servers/learning-lodge-sql` });
    expect(finding(report, 'learning-lodge-sql', 'azure-sql-server-azure-services-access-disabled').status).toBe('fail');
  });

  it('reads firewall rules across pages: the broad rule is on the second page', () => {
    expect(finding(report, 'orders-sql', 'azure-sql-server-not-open-to-internet').status).toBe('pass');
    const broad = finding(report, 'orders-sql', 'azure-sql-server-firewall-ranges-narrow');
    expect(broad.status).toBe('fail');
    expect(broad.message).toContain('Partner');
    const rulesPath = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-shop/providers/Microsoft.Sql/servers/orders-sql/firewallRules`;
    expect(server.requests.filter((r) => r.path === rulesPath).map((r) => r.query.$skiptoken)).toEqual([undefined, 'rules2']);
  });

  it('reads IPv6 firewall rules: ::–ffff:…:ffff opens a SQL server whose IPv4 rules are narrow', () => {
    const kiosk = finding(report, 'kiosk-sql', 'azure-sql-server-not-open-to-internet');
    expect(kiosk.status).toBe('fail');
    expect(kiosk.message).toContain('every IPv6 address');
    expect(kiosk.trace).toContainEqual(expect.objectContaining({ layer: 'IPv6 firewall rule', ref: 'AllowAllV6', effect: 'grants' }));
    // A /64-sized IPv6 office range is narrow under the default /32.
    expect(finding(report, 'orders-sql', 'azure-sql-server-not-open-to-internet').trace).toContainEqual(expect.objectContaining({ layer: 'IPv6 firewall rule', ref: 'OfficeV6' }));
  });

  it('does not count firewall rules of a server whose public access is Disabled', () => {
    expect(finding(report, 'payroll-sql', 'azure-sql-server-not-open-to-internet')).toMatchObject({ status: 'pass' });
    expect(finding(report, 'payroll-sql', 'azure-sql-server-public-network-access-disabled').status).toBe('pass');
  });

  it('turns a 403 on the firewall rules into unknown with the operation and code, never pass', () => {
    const denied = finding(report, 'audit-sql', 'azure-sql-server-not-open-to-internet');
    expect(denied.status).toBe('unknown');
    expect(denied.unreadable).toEqual([expect.objectContaining({ facet: 'firewallRules', operation: 'Microsoft.Sql/servers/firewallRules:list', code: 'AuthorizationFailed' })]);
    // The server's own settings were readable: publicNetworkAccess was omitted, which Azure treats as Enabled.
    expect(finding(report, 'audit-sql', 'azure-sql-server-public-network-access-disabled').status).toBe('fail');
    expect(report.coverage.facetsRead).toBeLessThan(report.coverage.facetsRequested);
  });

  it('decides PostgreSQL: the Azure-services switch on a public server, a VNet-integrated server private', () => {
    expect(finding(report, 'analytics-pg', 'azure-postgresql-flexible-server-azure-services-access-disabled').status).toBe('fail');
    expect(finding(report, 'analytics-pg', 'azure-postgresql-flexible-server-not-open-to-internet').status).toBe('pass');
    const ledger = finding(report, 'ledger-pg', 'azure-postgresql-flexible-server-public-network-access-disabled');
    expect(ledger.status).toBe('pass');
    expect(ledger.trace[0]).toMatchObject({ layer: 'virtual network', effect: 'blocks' });
  });

  it('decides MySQL: a /14 is broad, no rule at all is closed', () => {
    expect(finding(report, 'shop-mysql', 'azure-mysql-flexible-server-firewall-ranges-narrow').status).toBe('fail');
    const reports = finding(report, 'reports-mysql', 'azure-mysql-flexible-server-not-open-to-internet');
    expect(reports.status).toBe('pass');
    expect(reports.message).toContain('no firewall rule admits a public address');
  });

  it('decides Cosmos DB across pages: no filter is open, 0.0.0.0 is Azure datacenters, local auth, Disabled, VNet only', () => {
    expect(finding(report, 'telemetry-cosmos', 'azure-cosmosdb-account-not-open-to-internet').status).toBe('fail');
    expect(finding(report, 'telemetry-cosmos', 'azure-cosmosdb-account-local-auth-disabled').status).toBe('fail');
    expect(finding(report, 'catalog-cosmos', 'azure-cosmosdb-account-not-open-to-internet').status).toBe('pass');
    expect(finding(report, 'catalog-cosmos', 'azure-cosmosdb-account-azure-datacenter-access-disabled').status).toBe('fail');
    expect(finding(report, 'catalog-cosmos', 'azure-cosmosdb-account-local-auth-disabled').status).toBe('pass');
    expect(finding(report, 'vault-cosmos', 'azure-cosmosdb-account-public-network-access-disabled').status).toBe('pass');
    expect(finding(report, 'cart-cosmos', 'azure-cosmosdb-account-not-open-to-internet').status).toBe('pass');
    expect(finding(report, 'cart-cosmos', 'azure-cosmosdb-account-not-open-to-internet').resource.region).toBe('westeurope');
  });

  it('sends only GETs with a bearer token, one listing page at a time and one firewall listing per server', () => {
    expect(server.requests.every((r) => r.method === 'GET' && r.authorized)).toBe(true);
    const firewallCalls = server.requests.filter((r) => r.path.endsWith('/firewallRules'));
    // 5 SQL servers (one of them over 2 pages) + 2 PostgreSQL + 2 MySQL.
    expect(firewallCalls).toHaveLength(10);
    expect(report.stats.apiCallsByOperation).toMatchObject({
      'Microsoft.Sql/servers:list': 2,
      'Microsoft.Sql/servers/firewallRules:list': 6,
      'Microsoft.Sql/servers/ipv6FirewallRules:list': 5,
      'Microsoft.DocumentDB/databaseAccounts:list': 2,
    });
  });
});

// Each test runs the CLI one to three times; on a shared two-core machine one run can take 10 s+.
describe('scan azure: databases under faults and with fewer rules', { timeout: 120_000 }, () => {
  it('reads no firewall rule when only the public-endpoint rules are selected', async () => {
    server.requests.length = 0;
    const result = await scan(['--rules', 'azure-*-public-network-access-disabled']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.length).toBe(13);
    expect(server.requests.some((r) => /\/(ipv6)?firewallRules$/i.test(r.path))).toBe(false);
  });

  it('completes with --concurrency 1: a listing never holds the only slot while its servers wait', async () => {
    const result = await scan(['--rules', DB_RULES, '--concurrency', '1']);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(new Set(report.findings.map((f) => f.resource.name)).size).toBe(13);
  });

  it('retries a throttled listing (429 with Retry-After) and counts the retry', async () => {
    server.requests.length = 0;
    const listPath = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.DBforMySQL/flexibleServers`;
    server.fail({ path: listPath, status: 429, headers: { 'retry-after': '0' }, times: 1 });
    const result = await scan(['--rules', 'azure-mysql-*', '--log-level', 'debug']);
    const report = JSON.parse(result.stdout) as Report;
    expect(server.requests.filter((r) => r.path === listPath).map((r) => r.status)).toEqual([429, 200]);
    // Debug logs and the report never carry the bearer token.
    expect(result.stderr.length).toBeGreaterThan(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain('fixture-token');
    expect(report.stats.apiCallsByOperation['Microsoft.DBforMySQL/flexibleServers:list']).toBe(2);
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.resource.name)).toContain('shop-mysql');
    server.clearFaults();
  });

  it("retries with ajar's policy, not the SDK's: a 503 answered listing is attempted up to the shared cap, then a collection error", async () => {
    // ARM throttling and transient errors: https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling.
    // The SDK's default policy would stop after 4 attempts; ajar's shared one (src/util/retry.ts) makes DEFAULT_MAX_ATTEMPTS.
    server.requests.length = 0;
    const listPath = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.DBforMySQL/flexibleServers`;
    server.fail({ path: listPath, status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'try again later' } } });
    const result = await scan(['--rules', 'azure-mysql-*']);
    server.clearFaults();
    const report = JSON.parse(result.stdout) as Report;
    expect(server.requests.filter((r) => r.path === listPath)).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    expect(report.collectionErrors).toEqual([expect.objectContaining({ operation: 'Microsoft.DBforMySQL/flexibleServers:list', code: 'ServiceUnavailable' })]);
    expect(result.code).toBe(3);
  });

  it('reports a refused server listing as a collection error and the scan as incomplete, not clean', async () => {
    const listPath = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
    server.fail({ path: listPath, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no Microsoft.DBforPostgreSQL/flexibleServers/read' } } });
    const result = await scan(['--rules', 'azure-postgresql-*,azure-cosmosdb-account-public-network-access-disabled']);
    server.clearFaults();
    const report = JSON.parse(result.stdout) as Report;
    expect(report.collectionErrors).toContainEqual(expect.objectContaining({ provider: 'azure', account: SUBSCRIPTION, operation: 'Microsoft.DBforPostgreSQL/flexibleServers:list', code: 'AuthorizationFailed' }));
    expect(report.findings.some((f) => f.resource.type === 'azure.postgresql.flexible-server')).toBe(false);
    expect(result.code).toBe(3);
  });

  it('reads an unregistered resource provider (MissingSubscriptionRegistration) as no resources, not as an incomplete scan', async () => {
    for (const namespace of ['Microsoft.DocumentDB/databaseAccounts', 'Microsoft.DBforMySQL/flexibleServers']) {
      server.fail({
        path: `/subscriptions/${SUBSCRIPTION}/providers/${namespace}`,
        status: 409,
        body: { error: { code: 'MissingSubscriptionRegistration', message: `The subscription is not registered to use namespace '${namespace.split('/')[0]}'. See https://aka.ms/rps-not-found for how to register subscriptions.` } },
      });
    }
    const result = await scan(['--rules', 'azure-cosmosdb-*,azure-mysql-*,azure-postgresql-flexible-server-not-open-to-internet']);
    server.clearFaults();
    const report = JSON.parse(result.stdout) as Report;
    expect(report.collectionErrors).toEqual([]);
    expect([...new Set(report.findings.map((f) => f.resource.type))]).toEqual(['azure.postgresql.flexible-server']);
    expect(result.code, result.stderr).toBe(0);
    // Read as "none here" from the documented meaning of the answer, not from a listing: said so
    // in the report's scope (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
    const notes = report.scope.find((entry) => entry.account === SUBSCRIPTION)?.notes;
    expect(notes).toHaveLength(2);
    expect(notes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Microsoft\.DocumentDB not registered in the subscription \(MissingSubscriptionRegistration on Microsoft\.DocumentDB\/databaseAccounts:list\)/),
      expect.stringMatching(/^Microsoft\.DBforMySQL not registered in the subscription \(MissingSubscriptionRegistration/),
    ]));
  });

  it('stops sending at the first 401 (credentials rejected mid-scan), says so once, and leaves the rest unknown', async () => {
    // ARM's 401 for a token it no longer accepts: https://learn.microsoft.com/rest/api/azure/#response-status-codes,
    // code ExpiredAuthenticationToken (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors).
    const concurrency = 2;
    server.fail({ path: /firewallRules$/i, status: 401, body: { error: { code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } } });
    server.requests.splice(0);
    const result = await scan(['--rules', DB_RULES, '--concurrency', String(concurrency)]);
    server.clearFaults();
    const first = server.requests.findIndex((r) => r.status === 401);
    expect(first).toBeGreaterThanOrEqual(0);
    const after = server.requests.length - first - 1;
    console.log(`azure: ${after} request(s) after the first 401 (concurrency ${concurrency}, bound ${2 * concurrency - 1})`);
    // What was in progress when the 401 was read, plus one new call for each of those answered
    // just before: 2·concurrency − 1 (src/providers/azure/clients.ts, credentialsRejectedPolicy).
    expect(after).toBeLessThanOrEqual(2 * concurrency - 1);
    const rejected = result.stderr.split('\n').filter((line) => line.includes('rejected the credentials'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('ExpiredAuthenticationToken');
    expect(rejected[0]).toMatch(/firewallRules:list/);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.some((f) => f.status === 'unknown' && JSON.stringify(f).includes('ExpiredAuthenticationToken'))).toBe(true);
    expect(report.findings.some((f) => f.status === 'pass' && JSON.stringify(f).includes('ExpiredAuthenticationToken'))).toBe(false);
    expect([1, 3]).toContain(result.code);
  });

  it('collects an inventory that scan --inventory evaluates offline to the same verdicts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ajar-azure-db-'));
    const env = { AJAR_AZURE_ACCESS_TOKEN: 'fixture-token', NODE_EXTRA_CA_CERTS: server.caFile };
    const collected = await runCli(['collect', 'azure', '--subscription', SUBSCRIPTION, '--azure-endpoint', server.url, '--rules', DB_RULES, '--output', join(dir, 'inventory.json')], env);
    // 3: the audit-sql firewall rules were refused (403), and collect says so.
    expect(collected.code, collected.stderr).toBe(3);
    const live = JSON.parse((await scan(['--rules', DB_RULES])).stdout) as Report;
    const replay = await runCli(['scan', 'azure', '--inventory', join(dir, 'inventory.json'), '--rules', DB_RULES, '--format', 'json'], {});
    const offline = JSON.parse(replay.stdout) as Report;
    const verdicts = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.status}`).sort();
    expect(verdicts(offline)).toEqual(verdicts(live));
    expect(verdicts(offline).length).toBeGreaterThan(50);
  });

  it('prints the RBAC actions the database rules need, and nothing that writes or reads keys', async () => {
    const result = await runCli(['permissions', 'azure', '--rules', DB_RULES]);
    expect(result.code, result.stderr).toBe(0);
    const role = JSON.parse(result.stdout) as { Actions: string[]; DataActions: string[] };
    expect(role.Actions).toEqual(
      expect.arrayContaining([
        'Microsoft.Sql/servers/read',
        'Microsoft.Sql/servers/firewallRules/read',
        'Microsoft.Sql/servers/ipv6FirewallRules/read',
        'Microsoft.DBforPostgreSQL/flexibleServers/read',
        'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read',
        'Microsoft.DBforMySQL/flexibleServers/read',
        'Microsoft.DBforMySQL/flexibleServers/firewallRules/read',
        'Microsoft.DocumentDB/databaseAccounts/read',
      ]),
    );
    expect(role.Actions.every((a) => a.endsWith('/read'))).toBe(true);
    expect(role.DataActions).toEqual([]);
    const endpointOnly = JSON.parse((await runCli(['permissions', 'azure', '--rules', 'azure-sql-server-public-network-access-disabled'])).stdout) as { Actions: string[] };
    expect(endpointOnly.Actions).toContain('Microsoft.Sql/servers/read');
    expect(endpointOnly.Actions).not.toContain('Microsoft.Sql/servers/firewallRules/read');
  });

  it('serves the demo fixtures: learning-lodge-sql open to the internet, under any subscription', async () => {
    const demo = await startFixtureServer({ tls: true });
    try {
      for (const file of azureDbDemoFixtures) demo.addFixtures(file);
      const result = await scan(['--rules', DB_RULES], demo);
      const report = JSON.parse(result.stdout) as Report;
      expect(result.code, result.stderr).toBe(1);
      expect(report.collectionErrors).toEqual([]);
      const open = report.findings.find((f) => f.ruleId === 'azure-sql-server-not-open-to-internet' && f.resource.name === 'learning-lodge-sql');
      expect(open?.status).toBe('fail');
    } finally {
      await demo.close();
    }
  });
});

describe('database clients are read-only', () => {
  it('refuses a firewall rule write and a key listing before anything is sent', async () => {
    server.requests.length = 0;
    const clients = new AzureClients({ endpoint: server.url, credential: new FixedTokenCredential('fixture-token') });
    const sql = new SqlManagementClient(clients.credential, SUBSCRIPTION, clients.armOptions());
    await expect(sql.firewallRules.createOrUpdate('rg-shop', 'orders-sql', 'AllowAll', { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' })).rejects.toThrow(/read-only: refused PUT/);
    const cosmos = new CosmosDBManagementClient(clients.credential, SUBSCRIPTION, clients.armOptions());
    await expect(cosmos.databaseAccounts.listKeys('rg-iot', 'telemetry-cosmos')).rejects.toThrow(/read-only: refused POST/);
    expect(server.requests).toEqual([]);
  });
});
