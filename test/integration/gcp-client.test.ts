/**
 * The Google API client against the loopback fixture server: the read-only guard refuses before
 * anything is sent, 429/503 are retried after Retry-After and counted, errors keep Google's reason
 * code, and credentials are resolved without a metadata-server wait.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { adcSource, GcpApiError, GcpClient, GcpCredentialsMissing, MutatingCallRefused, retryAfterMs, tokenSourceFor } from '../../src/providers/gcp/clients.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/gcp');
let server: FixtureServer;

beforeEach(async () => {
  server = await startFixtureServer({ fixtures: [FIXTURES] });
});
afterEach(async () => {
  await server.close();
});

const client = (maxAttempts = 5) => new GcpClient({ endpoint: server.url, token: async () => undefined, maxAttempts });

describe('GcpClient', () => {
  it('refuses every method but GET before sending anything', async () => {
    const c = client();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      await expect(c.send(method, 'storage', 'storage.buckets.setIamPolicy', '/storage/v1/b/enrolment-exports/iam')).rejects.toBeInstanceOf(MutatingCallRefused);
    }
    expect(server.requests).toEqual([]);
    expect(c.counter.total).toBe(0);
  });

  // https://cloud.google.com/storage/docs/json_api/v1/objects/get (alt=media returns the object's data)
  it.each<[string, string, Record<string, string>]>([
    ['an object media download (alt=media)', '/storage/v1/b/enrolment-exports/o/roster.csv', { alt: 'media' }],
    ['alt=media on any path', '/storage/v1/b/enrolment-exports', { alt: 'media' }],
    ['object metadata (objects.get)', '/storage/v1/b/enrolment-exports/o/roster.csv', {}],
    ['the object list (objects.list)', '/storage/v1/b/enrolment-exports/o', {}],
    ['the download host path', '/download/storage/v1/b/enrolment-exports/o/roster.csv', { alt: 'media' }],
    ['BigQuery table rows (tabledata.list)', '/bigquery/v2/projects/childcare-prod/datasets/d/tables/t/data', {}],
    ['BigQuery query results', '/bigquery/v2/projects/childcare-prod/queries/job-1', {}],
  ])('refuses a GET of contents, %s, before sending anything', async (_name, path, query) => {
    const c = client();
    const error = await c.get('storage', 'storage.objects.get', path, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutatingCallRefused);
    expect((error as Error).message).toContain('never reads contents');
    expect(server.requests).toEqual([]);
    expect(c.counter.total).toBe(0);
  });

  it('follows nextPageToken until the last page', async () => {
    const c = client();
    const ids: string[] = [];
    for await (const page of c.pages<{ projects?: { projectId: string }[]; nextPageToken?: string }>('cloudresourcemanager', 'projects.search', '/v3/projects:search')) {
      ids.push(...(page.projects ?? []).map((p) => p.projectId));
    }
    expect(ids).toEqual(['childcare-prod', 'childcare-old', 'childcare-staging']);
    expect(server.requests.map((r) => r.query.pageToken)).toEqual([undefined, 'cHJvamVjdHMtcGFnZS0y']);
  });

  it('waits for Retry-After on 429, retries, and counts both attempts', async () => {
    server.fail({ path: '/storage/v1/b', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const c = client();
    const started = Date.now();
    const page = await c.get<{ items: unknown[] }>('storage', 'storage.buckets.list', '/storage/v1/b', { project: 'childcare-prod' });
    const elapsed = Date.now() - started;
    expect(page.items).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(c.counter.toJSON()).toEqual({ 'storage.buckets.list': 2 });
    expect(c.counter.retries).toBe(1);
  });

  it('retries 503 and gives up after the attempt limit with the last error', async () => {
    server.fail({ path: '/storage/v1/b', status: 503, headers: { 'retry-after': '0' } });
    const c = client(3);
    const error = await c.get('storage', 'storage.buckets.list', '/storage/v1/b', { project: 'childcare-prod' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GcpApiError);
    expect(error).toMatchObject({ httpStatus: 503, operation: 'storage.buckets.list' });
    expect(c.counter.total).toBe(3);
  });

  it("keeps Google's error reason as the code and does not retry a 403", async () => {
    const c = client();
    const error = await c.get('sqladmin', 'sqladmin.instances.list', '/v1/projects/childcare-staging/instances').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'accessNotConfigured', httpStatus: 403, network: false });
    expect(c.counter.total).toBe(1);
  });

  it('reports an endpoint that does not answer as a network failure', async () => {
    const url = server.url;
    await server.close();
    const c = new GcpClient({ endpoint: url, token: async () => undefined, maxAttempts: 2 });
    const error = await c.get('storage', 'storage.buckets.list', '/storage/v1/b').catch((e: unknown) => e);
    expect(error).toMatchObject({ network: true, code: 'ECONNREFUSED' });
    server = await startFixtureServer();
  });

  it('sends the token from AJAR_GCP_ACCESS_TOKEN as a bearer token, and none to a loopback endpoint without it', async () => {
    const withToken = new GcpClient({ endpoint: server.url, token: await tokenSourceFor(server.url, { AJAR_GCP_ACCESS_TOKEN: 'ya29.test' }) });
    await withToken.get('storage', 'storage.buckets.list', '/storage/v1/b', { project: 'childcare-staging' });
    const without = new GcpClient({ endpoint: server.url, token: await tokenSourceFor(server.url, {}) });
    await without.get('storage', 'storage.buckets.list', '/storage/v1/b', { project: 'childcare-staging' });
    expect(server.requests.map((r) => r.authorized)).toEqual([true, false]);
  });
});

describe('Application Default Credentials', () => {
  const empty = () => ({ HOME: mkdtempSync(join(tmpdir(), 'ajar-home-')) });
  const offGoogleCloud = () => false;

  it('finds no source off Google Cloud without a credentials file, and says so at once', async () => {
    expect(adcSource(empty(), offGoogleCloud)).toBeUndefined();
    const started = Date.now();
    await expect(tokenSourceFor(undefined, empty(), offGoogleCloud)).rejects.toBeInstanceOf(GcpCredentialsMissing);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("names GOOGLE_APPLICATION_CREDENTIALS and gcloud's well-known file as sources", () => {
    expect(adcSource({ ...empty(), GOOGLE_APPLICATION_CREDENTIALS: '/secrets/sa.json' }, offGoogleCloud)).toContain('/secrets/sa.json');
    const gcloudDir = mkdtempSync(join(tmpdir(), 'ajar-gcloud-'));
    expect(adcSource({ ...empty(), CLOUDSDK_CONFIG: gcloudDir }, offGoogleCloud)).toBeUndefined();
    writeFileSync(join(gcloudDir, 'application_default_credentials.json'), '{}');
    expect(adcSource({ ...empty(), CLOUDSDK_CONFIG: gcloudDir }, offGoogleCloud)).toBe(join(gcloudDir, 'application_default_credentials.json'));
  });

  it('defers to the metadata server on Google Cloud, and obeys METADATA_SERVER_DETECTION', () => {
    expect(adcSource(empty(), () => true)).toBe('metadata server');
    expect(adcSource({ ...empty(), METADATA_SERVER_DETECTION: 'none' }, () => true)).toBeUndefined();
    expect(adcSource({ ...empty(), METADATA_SERVER_DETECTION: 'assume-present' }, offGoogleCloud)).toContain('assume-present');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
