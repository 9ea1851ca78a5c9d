/**
 * The Google Cloud part of `npm run demo`: a loopback fixture server answering as Cloud Storage,
 * Cloud SQL Admin, BigQuery and Org Policy would for a childcare provider's project, where the
 * enrolment exports were left readable by anyone (as La Place 0-5's list of 5,000 children leaked
 * through a vendor) next to a payroll archive locked properly. Nothing leaves this machine, and
 * against a loopback endpoint ajar needs no Google credentials.
 */
import { startFixtureServer, type FixtureFile } from './fixture-server.ts';

export const DEMO_PROJECT = 'little-sprouts-prod';

const bucket = (name: string, uniform: boolean, prevention: 'enforced' | 'inherited') => ({
  kind: 'storage#bucket',
  id: name,
  name,
  projectNumber: '508213640912',
  location: 'EUROPE-WEST9',
  storageClass: 'STANDARD',
  iamConfiguration: { uniformBucketLevelAccess: { enabled: uniform }, publicAccessPrevention: prevention },
  locationType: 'region',
});

const projectMembers = [
  { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${DEMO_PROJECT}`, `projectOwner:${DEMO_PROJECT}`] },
  { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${DEMO_PROJECT}`] },
];

const FIXTURES: FixtureFile[] = [
  {
    source: 'https://cloud.google.com/storage/docs/json_api/v1/buckets/list',
    routes: [
      {
        path: '/storage/v1/b',
        query: { project: DEMO_PROJECT },
        body: { kind: 'storage#buckets', items: [bucket('enrolment-exports', true, 'inherited'), bucket('payroll-archive', true, 'enforced')] },
      },
    ],
  },
  {
    source: 'https://cloud.google.com/storage/docs/json_api/v1/buckets/getIamPolicy',
    routes: [
      {
        path: '/storage/v1/b/enrolment-exports/iam',
        body: { kind: 'storage#policy', resourceId: 'projects/_/buckets/enrolment-exports', version: 1, bindings: [...projectMembers, { role: 'roles/storage.objectViewer', members: ['allUsers'] }] },
      },
      { path: '/storage/v1/b/payroll-archive/iam', body: { kind: 'storage#policy', resourceId: 'projects/_/buckets/payroll-archive', version: 1, bindings: projectMembers } },
    ],
  },
  {
    source: 'https://cloud.google.com/resource-manager/docs/reference/orgpolicy/rest/v2/projects.policies/getEffectivePolicy',
    routes: [
      {
        path: `/v2/projects/${DEMO_PROJECT}/policies/storage.publicAccessPrevention:getEffectivePolicy`,
        body: { name: 'projects/508213640912/policies/storage.publicAccessPrevention', spec: { rules: [{ enforce: false }] } },
      },
    ],
  },
  {
    source: 'https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1/instances/list',
    routes: [
      {
        path: `/v1/projects/${DEMO_PROJECT}/instances`,
        body: {
          kind: 'sql#instancesList',
          items: [
            {
              kind: 'sql#instance',
              name: 'enrolments-db',
              project: DEMO_PROJECT,
              region: 'europe-west9',
              databaseVersion: 'POSTGRES_16',
              state: 'RUNNABLE',
              ipAddresses: [{ type: 'PRIMARY', ipAddress: '34.155.20.11' }],
              settings: {
                ipConfiguration: {
                  ipv4Enabled: true,
                  requireSsl: false,
                  sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED',
                  authorizedNetworks: [{ kind: 'sql#aclEntry', name: 'vendor-debugging', value: '0.0.0.0/0' }],
                },
              },
            },
          ],
        },
      },
    ],
  },
  {
    source: 'https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets/list',
    routes: [{ path: `/bigquery/v2/projects/${DEMO_PROJECT}/datasets`, body: { kind: 'bigquery#datasetList', etag: 'demo' } }],
  },
];

export async function startGcpDemo(): Promise<{ args: string[]; env: Record<string, string>; describe: string[]; close(): Promise<void> }> {
  const server = await startFixtureServer();
  for (const fixture of FIXTURES) server.addFixtures(fixture);
  return {
    args: ['--gcp-endpoint', server.url, '--project', DEMO_PROJECT],
    env: {},
    describe: [
      `Google Cloud project ${DEMO_PROJECT} (served by a loopback fixture server at ${server.url}):`,
      '  enrolment-exports  allUsers holds roles/storage.objectViewer: anyone can read and list the children\'s enrolment exports',
      '  payroll-archive    locked: public access prevention enforced, uniform bucket-level access on',
      '  enrolments-db      Cloud SQL with a public IP and the authorized network 0.0.0.0/0, unencrypted connections allowed',
    ],
    close: () => server.close(),
  };
}
