/**
 * Cloud Storage through the real `@google-cloud/storage` client against the loopback fixture
 * server: its request interceptor refuses anything but the four bucket-setting reads before it is
 * sent, every HTTP attempt is counted (the counter always equals the server's own log), 429 is
 * retried after Retry-After, pages are followed, and Google's error reason survives.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import { CallCounter, GcpApiError, MutatingCallRefused, tokenSourceFor } from '../../src/providers/gcp/clients.ts';
import { GcsClient, storageOperationOf } from '../../src/providers/gcp/storage-client.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/gcp');
let server: FixtureServer;

beforeEach(async () => {
  server = await startFixtureServer({ fixtures: [FIXTURES] });
});
afterEach(async () => {
  await server.close();
});

const gcs = (maxAttempts = 5) => new GcsClient({ endpoint: server.url, token: async () => undefined, counter: new CallCounter(), maxAttempts });

describe('GcsClient (@google-cloud/storage)', () => {
  it("refuses the SDK's writes and object reads before sending anything", async () => {
    const c = gcs();
    const bucket = c.storage.bucket('enrolment-exports');
    const attempts: [string, () => Promise<unknown>][] = [
      ['createBucket', () => c.storage.createBucket('new-bucket')],
      ['bucket.delete', () => bucket.delete()],
      ['bucket.setMetadata', () => bucket.setMetadata({ iamConfiguration: { publicAccessPrevention: 'inherited' } })],
      ['iam.setPolicy', () => bucket.iam.setPolicy({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] })],
      ['acl.add', () => bucket.acl.add({ entity: 'allUsers', role: 'READER' })],
      ['makePublic', () => bucket.makePublic()],
      ['file.delete', () => bucket.file('roster.csv').delete()],
      ['file.copy', () => bucket.file('roster.csv').copy('copy.csv')],
      ['createResumableUpload', () => bucket.file('upload.csv').createResumableUpload()],
      // Reads, but of objects: ajar reads bucket settings only.
      ['getFiles', () => bucket.getFiles()],
      ['file.download', () => bucket.file('roster.csv').download()],
      ['file.getMetadata', () => bucket.file('roster.csv').getMetadata()],
      ['bucket.request alt=media', () => bucket.request({ uri: '/o/roster.csv', qs: { alt: 'media' } })],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toBeInstanceOf(MutatingCallRefused);
    }
    expect(server.requests).toEqual([]);
    expect(c.counter.total).toBe(0);
  });

  it('follows nextPageToken, keeping projection=full, and counts each page', async () => {
    const c = gcs();
    const names: string[] = [];
    for await (const page of c.bucketPages<{ name: string }>('childcare-prod', 'full')) names.push(...(page.items ?? []).map((b) => b.name));
    expect(names).toEqual(['enrolment-exports', 'staff-rosters', 'locked-archive', 'parent-uploads']);
    expect(server.requests.map((r) => [r.path, r.query.pageToken, r.query.projection, r.query.project])).toEqual([
      ['/storage/v1/b', undefined, 'full', 'childcare-prod'],
      ['/storage/v1/b', 'CgdidWNrZXRz', 'full', 'childcare-prod'],
    ]);
    expect(c.counter.toJSON()).toEqual({ 'storage.buckets.list': 2 });
  });

  it('asks for policy version 3 and lists both ACLs under their own operations', async () => {
    server.addFixtures({
      source: 'https://cloud.google.com/storage/docs/json_api/v1/bucketAccessControls/list',
      routes: [{ path: '/storage/v1/b/staff-rosters/acl', body: { kind: 'storage#bucketAccessControls', items: [{ kind: 'storage#bucketAccessControl', entity: 'allUsers', role: 'READER' }] } }],
    });
    server.addFixtures({
      source: 'https://cloud.google.com/storage/docs/json_api/v1/defaultObjectAccessControls/list',
      routes: [{ path: '/storage/v1/b/staff-rosters/defaultObjectAcl', body: { kind: 'storage#objectAccessControls', items: [{ kind: 'storage#objectAccessControl', entity: 'project-owners-415104041262', role: 'OWNER' }] } }],
    });
    const c = gcs();
    const policy = await c.getIamPolicy<{ bindings: { role: string; members: string[] }[] }>('enrolment-exports');
    expect(policy.bindings).toContainEqual(expect.objectContaining({ role: 'roles/storage.objectViewer', members: ['allUsers'] }));
    expect(await c.listAcl('staff-rosters', 'acl')).toEqual([expect.objectContaining({ entity: 'allUsers', role: 'READER' })]);
    expect(await c.listAcl('staff-rosters', 'defaultObjectAcl')).toEqual([expect.objectContaining({ entity: 'project-owners-415104041262', role: 'OWNER' })]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/storage/v1/b/enrolment-exports/iam', query: { optionsRequestedPolicyVersion: '3' } });
    expect(c.counter.toJSON()).toEqual({
      'storage.bucketAccessControls.list': 1,
      'storage.buckets.getIamPolicy': 1,
      'storage.defaultObjectAccessControls.list': 1,
    });
  });

  it('waits for Retry-After on 429, retries, and counts both attempts', async () => {
    server.fail({ path: '/storage/v1/b', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const c = gcs();
    const started = Date.now();
    const page = await c.listBuckets<{ name: string }>('childcare-prod', 'full');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(page.items).toHaveLength(2);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(c.counter.toJSON()).toEqual({ 'storage.buckets.list': 2 });
    expect(c.counter.retries).toBe(1);
  });

  it('gives up on a lasting 503 after the attempt limit, every attempt counted as the server saw it', async () => {
    server.fail({ path: '/storage/v1/b/enrolment-exports/iam', status: 503, headers: { 'retry-after': '0' } });
    const c = gcs(3);
    const error = await c.getIamPolicy('enrolment-exports').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GcpApiError);
    expect(error).toMatchObject({ httpStatus: 503, operation: 'storage.buckets.getIamPolicy' });
    expect(server.requests).toHaveLength(3);
    expect(c.counter.total).toBe(3);
  });

  it("keeps Google's error reason as the code and does not retry a 403", async () => {
    server.fail({ path: '/storage/v1/b/enrolment-exports/iam', status: 403, body: { error: { code: 403, message: 'ajar@childcare-prod.iam.gserviceaccount.com does not have storage.buckets.getIamPolicy access', errors: [{ reason: 'forbidden', domain: 'global' }] } } });
    const c = gcs();
    const error = await c.getIamPolicy('enrolment-exports').catch((e: unknown) => e);
    expect(error).toMatchObject({ operation: 'storage.buckets.getIamPolicy', code: 'forbidden', httpStatus: 403, network: false });
    expect((error as Error).message).toContain('does not have storage.buckets.getIamPolicy access');
    expect(c.counter.total).toBe(1);
  });

  it('sends the token from AJAR_GCP_ACCESS_TOKEN as a bearer token, and none to a loopback endpoint without it', async () => {
    const withToken = new GcsClient({ endpoint: server.url, token: await tokenSourceFor(server.url, { AJAR_GCP_ACCESS_TOKEN: 'ya29.test' }), counter: new CallCounter() });
    await withToken.listBuckets('childcare-staging', 'noAcl');
    const without = new GcsClient({ endpoint: server.url, token: await tokenSourceFor(server.url, {}), counter: new CallCounter() });
    await without.listBuckets('childcare-staging', 'noAcl');
    expect(server.requests.map((r) => r.authorized)).toEqual([true, false]);
  });

  it('reports an endpoint that does not answer as a network failure', async () => {
    const url = server.url;
    await server.close();
    const c = new GcsClient({ endpoint: url, token: async () => undefined, counter: new CallCounter(), maxAttempts: 2 });
    const error = await c.listBuckets('childcare-prod', 'full').catch((e: unknown) => e);
    expect(error).toMatchObject({ network: true, code: 'ECONNREFUSED', operation: 'storage.buckets.list' });
    server = await startFixtureServer();
  });

  it('names each JSON API request by its operation', () => {
    expect(storageOperationOf('https://storage.googleapis.com/storage/v1/b')).toBe('storage.buckets.list');
    expect(storageOperationOf('http://127.0.0.1:9/storage/v1/b/enrolment-exports/iam')).toBe('storage.buckets.getIamPolicy');
    expect(storageOperationOf('http://127.0.0.1:9/storage/v1/b/enrolment-exports/defaultObjectAcl')).toBe('storage.defaultObjectAccessControls.list');
    expect(storageOperationOf('http://127.0.0.1:9/storage/v1/b/enrolment-exports/o/roster.csv')).toBe('storage.other');
  });
});
