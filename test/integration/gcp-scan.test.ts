/**
 * `ajar scan gcp` end to end: the real CLI, the real Google API client over HTTP, and the loopback
 * fixture server replaying responses shaped per Google's REST references (test/fixtures/gcp, each
 * file naming its source). Faults (403, 429 + Retry-After) are injected per test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGcpDemo } from '../../scripts/lib/demo-gcp.ts';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../src/util/retry.ts';
import { runCli } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/gcp');
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({ fixtures: [FIXTURES] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.clearFaults();
  server.requests.splice(0);
});

/** No developer credentials leak in: an empty HOME and no gcloud config. */
const isolated = () => {
  const home = mkdtempSync(join(tmpdir(), 'ajar-gcp-home-'));
  return { HOME: home, CLOUDSDK_CONFIG: join(home, 'gcloud'), METADATA_SERVER_DETECTION: 'none' };
};

async function scan(args: string[] = []) {
  const result = await runCli(['scan', 'gcp', '--gcp-endpoint', server.url, '--format', 'json', ...args], isolated());
  const report = JSON.parse(result.stdout) as Report;
  const status = (ruleId: string, name: string) => report.findings.find((f) => f.ruleId === ruleId && f.resource.name === name)?.status;
  const finding = (ruleId: string, name: string) => report.findings.find((f) => f.ruleId === ruleId && f.resource.name === name) as Finding;
  return { ...result, report, status, finding };
}

describe('ajar scan gcp against the fixture server', () => {
  it('walks every visible project and page, and decides each bucket, instance and dataset', async () => {
    const { code, report, status, finding } = await scan();
    expect(code).toBe(1);
    // Projects: two pages of projects.search; the DELETE_REQUESTED project is skipped.
    expect(report.scope.map((s) => s.account)).toEqual(['childcare-prod', 'childcare-staging']);
    expect(server.requests.filter((r) => r.path === '/v3/projects:search').map((r) => r.query.pageToken)).toEqual([undefined, 'cHJvamVjdHMtcGFnZS0y']);
    // Buckets: two pages for childcare-prod, with ACLs in the listing (projection=full).
    const bucketPages = server.requests.filter((r) => r.path === '/storage/v1/b' && r.query.project === 'childcare-prod');
    expect(bucketPages.map((r) => [r.query.pageToken, r.query.projection])).toEqual([[undefined, 'full'], ['CgdidWNrZXRz', 'full']]);

    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'enrolment-exports')).toBe('fail');
    expect(finding('gcp-storage-bucket-objects-not-publicly-readable', 'enrolment-exports').message).toContain('allUsers');
    // Public access prevention enforced overrides the allUsers binding on the archive.
    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'locked-archive')).toBe('pass');
    expect(finding('gcp-storage-bucket-objects-not-publicly-readable', 'locked-archive').message).toContain('public access prevention (bucket: enforced)');
    // Legacy ACL from the listing, uniform access off.
    expect(status('gcp-storage-bucket-not-publicly-listable', 'staff-rosters')).toBe('fail');
    expect(status('gcp-storage-bucket-uniform-access-enabled', 'staff-rosters')).toBe('fail');
    // A conditional binding of a custom role, resolved through iam.roles.get.
    expect(status('gcp-storage-bucket-not-publicly-writable', 'parent-uploads')).toBe('fail');
    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'parent-uploads')).toBe('pass');
    expect(finding('gcp-storage-bucket-not-open-to-all-authenticated-users', 'parent-uploads').message).toContain('condition "uploads folder"');
    // Org policy read once for the project, enforce: false.
    expect(status('gcp-storage-bucket-public-access-prevention-enforced', 'enrolment-exports')).toBe('fail');

    expect(status('gcp-sql-instance-not-publicly-accessible', 'enrolments-db')).toBe('fail');
    expect(finding('gcp-sql-instance-not-publicly-accessible', 'enrolments-db').message).toContain('temporary-vendor-access (0.0.0.0/0)');
    expect(status('gcp-sql-instance-ssl-required', 'enrolments-db')).toBe('fail');
    expect(status('gcp-sql-instance-not-publicly-accessible', 'reporting-replica')).toBe('pass');
    expect(status('gcp-bigquery-dataset-not-publicly-accessible', 'attendance_public')).toBe('fail');
    expect(status('gcp-bigquery-dataset-not-publicly-accessible', 'enrolments')).toBe('pass');

    // The Cloud SQL Admin API is off in childcare-staging: no instances, not a collection error.
    expect(report.collectionErrors).toEqual([]);
    expect(report.stats.apiCallsByOperation).toEqual({
      'bigquery.datasets.get': 2,
      'bigquery.datasets.list': 3,
      'cloudresourcemanager.projects.search': 2,
      'iam.roles.get': 1,
      'orgpolicy.policies.getEffectivePolicy': 1,
      'sqladmin.instances.list': 3,
      'storage.buckets.getIamPolicy': 4,
      'storage.buckets.list': 3,
    });
    expect(server.requests.every((r) => r.method === 'GET' && !r.authorized)).toBe(true);
  });

  it('turns a 403 on one bucket policy and one dataset into unknown with the operation and code, and exits 3', async () => {
    server.fail({ path: '/storage/v1/b/enrolment-exports/iam', status: 403, body: { error: { code: 403, message: 'ajar-scanner@childcare-prod.iam.gserviceaccount.com does not have storage.buckets.getIamPolicy access to the Google Cloud Storage bucket.', errors: [{ reason: 'forbidden', domain: 'global', message: 'denied' }] } } });
    server.fail({ path: '/bigquery/v2/projects/childcare-prod/datasets/attendance_public', status: 403, body: { error: { code: 403, message: 'Access Denied: Dataset childcare-prod:attendance_public', errors: [{ reason: 'accessDenied', domain: 'global', message: 'Access Denied' }], status: 'PERMISSION_DENIED' } } });
    const { code, report, status, finding } = await scan(['--rules', 'gcp-storage-bucket-objects-not-publicly-readable,gcp-bigquery-*']);
    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'enrolment-exports')).toBe('unknown');
    expect(finding('gcp-storage-bucket-objects-not-publicly-readable', 'enrolment-exports').message).toContain('storage.buckets.getIamPolicy failed with forbidden');
    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'locked-archive')).toBe('pass');
    expect(finding('gcp-bigquery-dataset-not-publicly-accessible', 'attendance_public')).toMatchObject({
      status: 'unknown',
      unreadable: [expect.objectContaining({ operation: 'bigquery.datasets.get', code: 'accessDenied' })],
    });
    expect(report.summary.byStatus.fail).toBe(0);
    expect(code).toBe(3);
  });

  it('records a refused dataset listing as a collection error for that project and scans the others', async () => {
    server.fail({ path: '/bigquery/v2/projects/childcare-staging/datasets', status: 403, body: { error: { code: 403, message: 'Access Denied: Project childcare-staging', errors: [{ reason: 'accessDenied' }], status: 'PERMISSION_DENIED' } } });
    const { code, report, status } = await scan(['--rules', 'gcp-bigquery-*']);
    expect(report.collectionErrors).toEqual([{ provider: 'gcp', account: 'childcare-staging', operation: 'bigquery.datasets.list', code: 'accessDenied', message: 'Access Denied: Project childcare-staging' }]);
    expect(status('gcp-bigquery-dataset-not-publicly-accessible', 'attendance_public')).toBe('fail');
    expect(code).toBe(1);
  });

  describe('an API counts as disabled only by its machine-readable reason, not by the words of its message', () => {
    // The Google API error model: https://cloud.google.com/apis/design/errors#error_info (ErrorInfo
    // reason); the googleapis.com reasons: https://cloud.google.com/service-usage/docs/reference/rest/Shared.Types/ErrorReason
    // (SERVICE_DISABLED: the API is not enabled; BILLING_DISABLED: the project's billing is off).
    const staging = '/v1/projects/childcare-staging/instances';
    const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'sqladmin.googleapis.com', consumer: 'projects/415104041264' } });

    it('ErrorInfo SERVICE_DISABLED: no Cloud SQL in that project, not a collection error', async () => {
      server.fail({
        path: staging,
        status: 403,
        body: { error: { code: 403, message: 'Cloud SQL Admin API has not been used in project 415104041264 before or it is disabled.', errors: [{ reason: 'forbidden', domain: 'global' }], status: 'PERMISSION_DENIED', details: [errorInfo('SERVICE_DISABLED')] } },
      });
      const { code, report } = await scan(['--rules', 'gcp-sql-*']);
      expect(report.collectionErrors).toEqual([]);
      expect(code).toBe(1);
    });

    it('a 403 whose message says "is disabled" for another reason (billing) is a collection error, exit 3', async () => {
      server.fail({
        path: staging,
        status: 403,
        body: { error: { code: 403, message: 'The billing account for the owning project is disabled in state absent', errors: [{ reason: 'forbidden', domain: 'global' }], status: 'PERMISSION_DENIED', details: [errorInfo('BILLING_DISABLED')] } },
      });
      const { code, report } = await scan(['--project', 'childcare-staging', '--rules', 'gcp-sql-*']);
      expect(report.collectionErrors).toEqual([expect.objectContaining({ provider: 'gcp', account: 'childcare-staging', operation: 'sqladmin.instances.list', code: 'forbidden' })]);
      expect(report.coverage.ratio).toBeLessThan(1);
      expect(code).toBe(3);
    });
  });

  it('stops sending at the first 401 (credentials rejected mid-scan), says so once, and leaves the rest unknown', async () => {
    // 401 UNAUTHENTICATED: "the request does not have valid authentication credentials"
    // (https://cloud.google.com/apis/design/errors#handling_errors).
    const concurrency = 2;
    server.fail({ path: /^\/storage\/v1\/b\/[^/]+\/iam$/, status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ reason: 'authError', domain: 'global' }], status: 'UNAUTHENTICATED' } } });
    const { code, report, stderr } = await scan(['--concurrency', String(concurrency)]);
    const first = server.requests.findIndex((r) => r.status === 401);
    expect(first).toBeGreaterThanOrEqual(0);
    const after = server.requests.length - first - 1;
    console.log(`gcp: ${after} request(s) after the first 401 (concurrency ${concurrency}, bound ${2 * concurrency - 1})`);
    expect(after).toBeLessThanOrEqual(2 * concurrency - 1);
    const rejected = stderr.split('\n').filter((line) => line.includes('rejected the credentials'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('authError');
    expect(rejected[0]).toContain('storage.buckets.getIamPolicy');
    expect(report.findings.some((f) => f.status === 'unknown' && JSON.stringify(f).includes('authError'))).toBe(true);
    expect(report.findings.some((f) => f.status === 'pass' && JSON.stringify(f).includes('authError'))).toBe(false);
    expect([1, 3]).toContain(code);
  });

  it("retries with the policy shared by every cloud: an always-503 listing gets DEFAULT_MAX_ATTEMPTS attempts, then a collection error", async () => {
    // 503 UNAVAILABLE is retryable per https://cloud.google.com/apis/design/errors#error_retries.
    server.fail({ path: '/bigquery/v2/projects/childcare-staging/datasets', status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } });
    const { code, report } = await scan(['--project', 'childcare-staging', '--rules', 'gcp-bigquery-*']);
    expect(server.requests.filter((r) => r.path === '/bigquery/v2/projects/childcare-staging/datasets')).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    expect(report.collectionErrors).toEqual([expect.objectContaining({ operation: 'bigquery.datasets.list', code: 'UNAVAILABLE' })]);
    expect(code).toBe(3);
  });

  it('retries a 429 with Retry-After on the bucket listing and counts the retry', async () => {
    server.fail({ path: '/storage/v1/b', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const { code, report } = await scan(['--project', 'childcare-prod', '--rules', 'gcp-storage-*']);
    expect(code).toBe(1);
    expect(server.requests.filter((r) => r.path === '/storage/v1/b').map((r) => r.status)).toEqual([429, 200, 200]);
    expect(report.stats.apiCallsByOperation['storage.buckets.list']).toBe(3);
    expect(report.findings.filter((f) => f.ruleId === 'gcp-storage-bucket-objects-not-publicly-readable')).toHaveLength(4);
  });

  it('lists without ACLs when projection=full is refused, then reads each ACL on its own', async () => {
    server.addFixtures({
      source: 'https://cloud.google.com/storage/docs/json_api/v1/buckets/list',
      routes: [
        {
          path: '/storage/v1/b',
          query: { project: 'childcare-prod', projection: 'noAcl' },
          body: { kind: 'storage#buckets', items: [{ kind: 'storage#bucket', id: 'staff-rosters', name: 'staff-rosters', location: 'AUSTRALIA-SOUTHEAST1', iamConfiguration: { uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: 'inherited' } }] },
        },
      ],
    });
    server.addFixtures({
      source: 'https://cloud.google.com/storage/docs/json_api/v1/defaultObjectAccessControls/list',
      routes: [{ path: '/storage/v1/b/staff-rosters/defaultObjectAcl', body: { kind: 'storage#objectAccessControls', items: [{ kind: 'storage#objectAccessControl', entity: 'project-owners-415104041262', role: 'OWNER' }] } }],
    });
    server.fail({ path: '/storage/v1/b', status: 403, times: 1, body: { error: { code: 403, message: 'does not have storage.buckets.getIamPolicy access', errors: [{ reason: 'forbidden' }] } } });
    server.fail({ path: '/storage/v1/b/staff-rosters/acl', status: 403, body: { error: { code: 403, message: 'does not have storage.buckets.getIamPolicy access', errors: [{ reason: 'forbidden' }] } } });
    const { code, report, status, finding } = await scan(['--project', 'childcare-prod', '--rules', 'gcp-storage-bucket-*']);
    expect(server.requests.filter((r) => r.path === '/storage/v1/b').map((r) => [r.query.projection, r.status])).toEqual([['full', 403], ['noAcl', 200]]);
    expect(report.collectionErrors).toEqual([]);
    // The bucket ACL could not be read: that hides list and write grants, never object reads.
    expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'staff-rosters')).toBe('pass');
    expect(finding('gcp-storage-bucket-not-publicly-writable', 'staff-rosters').message).toContain('storage.bucketAccessControls.list failed with forbidden');
    expect(status('gcp-storage-bucket-not-publicly-writable', 'staff-rosters')).toBe('unknown');
    // The IAM policy still shows allUsers as a legacy bucket reader.
    expect(status('gcp-storage-bucket-not-publicly-listable', 'staff-rosters')).toBe('fail');
    expect(code).toBe(1);
  });

  it('never writes the access token to the report or the logs', async () => {
    const token = 'ya29.a0-ajar-secret-token-value';
    const result = await runCli(['scan', 'gcp', '--gcp-endpoint', server.url, '--project', 'childcare-prod', '--format', 'json', '--log-level', 'debug'], { ...isolated(), AJAR_GCP_ACCESS_TOKEN: token });
    expect(result.code).toBe(1);
    expect(server.requests.every((r) => r.authorized)).toBe(true);
    expect(result.stdout).not.toContain(token);
    expect(result.stderr).not.toContain(token);
  });

  it('scans only the named project and does not search for others', async () => {
    const { code, report } = await scan(['--project', 'childcare-staging']);
    expect(code).toBe(0);
    expect(report.scope).toEqual([expect.objectContaining({ provider: 'gcp', account: 'childcare-staging' })]);
    expect(server.requests.some((r) => r.path === '/v3/projects:search')).toBe(false);
  });

  it('reports Google Cloud as not scanned, with the reason, when the project search is refused', async () => {
    server.fail({ path: '/v3/projects:search', status: 403, body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } } });
    const { code, report } = await scan();
    expect(code).toBe(3);
    expect(report.scope).toEqual([expect.objectContaining({ provider: 'gcp', notScanned: expect.stringContaining('cloudresourcemanager.projects.search failed with PERMISSION_DENIED') })]);
  });

  it('reports an unreachable named endpoint as a one-line usage error', async () => {
    const closed = await startFixtureServer();
    const url = closed.url;
    await closed.close();
    const result = await runCli(['scan', 'gcp', '--gcp-endpoint', url, '--project', 'childcare-prod'], isolated());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cannot reach ${url}`);
  });
});

describe('Google Cloud without credentials', () => {
  it('is reported as not scanned at once, without probing the metadata server', async () => {
    const result = await runCli(['scan', 'gcp', '--format', 'json'], { ...isolated(), METADATA_SERVER_DETECTION: undefined });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.scope).toEqual([{ provider: 'gcp', notScanned: expect.stringContaining('no Application Default Credentials') }]);
    // The whole scan, credential check included, is a few milliseconds: no 3 s metadata-server timeout.
    expect(report.timing.durationMs).toBeLessThan(1000);
    expect(result.stderr).not.toContain('MetadataLookupWarning');
  });

  it('scan all produces one report: GCP scanned, AWS and Azure not scanned with their reasons', async () => {
    const result = await runCli(['scan', 'all', '--gcp-endpoint', server.url, '--format', 'json'], isolated());
    const report = JSON.parse(result.stdout) as Report;
    expect(result.code).toBe(1);
    expect(report.scope.filter((s) => s.provider === 'gcp').map((s) => s.account)).toEqual(['childcare-prod', 'childcare-staging']);
    expect(report.scope.find((s) => s.provider === 'aws')?.notScanned).toBeTruthy();
    expect(report.scope.find((s) => s.provider === 'azure')?.notScanned).toBeTruthy();
    expect(report.findings.some((f) => f.resource.provider === 'gcp' && f.status === 'fail')).toBe(true);
  });
});

describe('ajar permissions gcp', () => {
  it('prints a custom role with exactly the permissions the selected rules need', async () => {
    const all = await runCli(['permissions', 'gcp']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({
      title: 'ajar read-only scanner',
      description: expect.any(String),
      stage: 'GA',
      includedPermissions: [
        'bigquery.datasets.get',
        'cloudsql.instances.list',
        'iam.roles.get',
        'orgpolicy.policy.get',
        'resourcemanager.projects.get',
        'storage.buckets.getIamPolicy',
        'storage.buckets.list',
      ],
    });
  });

  it('narrows the role to the selected rules', async () => {
    const uniform = await runCli(['permissions', 'gcp', '--rules', 'gcp-storage-bucket-uniform-access-enabled']);
    expect(JSON.parse(uniform.stdout).includedPermissions).toEqual(['resourcemanager.projects.get', 'storage.buckets.list']);
  });
});

describe('the Google Cloud demo estate', () => {
  it('fails the public enrolment exports and the open database, and passes the locked archive', async () => {
    const demo = await startGcpDemo();
    try {
      const result = await runCli(['scan', 'gcp', ...demo.args, '--format', 'json'], { ...isolated(), ...demo.env });
      const report = JSON.parse(result.stdout) as Report;
      const status = (ruleId: string, name: string) => report.findings.find((f) => f.ruleId === ruleId && f.resource.name === name)?.status;
      expect(result.code).toBe(1);
      expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'enrolment-exports')).toBe('fail');
      expect(status('gcp-storage-bucket-objects-not-publicly-readable', 'payroll-archive')).toBe('pass');
      expect(status('gcp-sql-instance-not-publicly-accessible', 'enrolments-db')).toBe('fail');
      expect(report.collectionErrors).toEqual([]);
      expect(demo.describe.join('\n')).toContain('enrolment-exports');
    } finally {
      await demo.close();
    }
  });
});
