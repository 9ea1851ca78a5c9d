/**
 * Hand-built reports for reporter tests: findings of every status across severities, with trace
 * steps, unreadable facets, a collection error, a provider not scanned and coverage below 100%.
 */
import { fingerprintOf, SEVERITIES, type Finding, type FindingStatus, type Severity } from '../../src/engine/finding.ts';
import type { ResourceRef } from '../../src/inventory/common.ts';
import { INVENTORY_KIND, INVENTORY_VERSION, type InventoryFile } from '../../src/inventory/file.ts';
import type { Report } from '../../src/report/model.ts';

export const ACCOUNT = '123456789012';

export const bucketRef = (name: string, region = 'eu-west-1', account = ACCOUNT): ResourceRef => ({
  provider: 'aws',
  account,
  region,
  type: 'aws.s3.bucket',
  id: `arn:aws:s3:::${name}`,
  name,
});

export const RULES: Report['rules'] = [
  {
    id: 'aws-s3-bucket-not-publicly-readable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket objects are not readable by anyone on the internet',
    severity: 'critical',
    description: 'Checks that no ACL grant or bucket policy statement lets anonymous users read objects.',
    risk: 'Anyone who guesses the bucket name can download its objects.',
    remediation: {
      text: 'Turn on S3 Block Public Access for the bucket and remove public grants.',
      cli: 'aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  },
  {
    id: 'aws-s3-bucket-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket does not accept writes from anyone on the internet',
    severity: 'high',
    description: 'Checks that anonymous users cannot put or delete objects.',
    risk: 'Anyone can plant or replace content served from the bucket.',
    remediation: { text: 'Remove WRITE grants to AllUsers and Allow statements for Principal "*".' },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html'],
  },
  {
    id: 'aws-s3-bucket-not-publicly-listable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket contents cannot be listed by anyone on the internet',
    severity: 'medium',
    description: 'Checks that anonymous users cannot list object keys.',
    risk: 'Listing reveals every object name, which makes targeted downloads trivial.',
    remediation: { text: 'Remove s3:ListBucket from public policy statements.' },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html'],
  },
  {
    id: 'aws-s3-bucket-website-disabled',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket does not serve a static website',
    severity: 'low',
    description: 'Static website hosting exposes objects over plain HTTP.',
    risk: 'Website endpoints do not support HTTPS.',
    remediation: { text: 'Serve the site through CloudFront with origin access control.' },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html'],
  },
];

const ruleById = (id: string) => {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (rule === undefined) throw new Error(`report-factory: no rule ${id}`);
  return rule;
};

export const makeFinding = (
  ruleId: string,
  resource: ResourceRef,
  status: FindingStatus,
  overrides: Partial<Finding> = {},
): Finding => {
  const rule = ruleById(ruleId);
  return {
    ruleId,
    title: rule.title,
    severity: rule.severity,
    status,
    resource,
    message: `${resource.name}: ${status}`,
    trace: [],
    fingerprint: fingerprintOf(ruleId, resource),
    ...overrides,
  };
};

/** Counts derived from the findings, as the engine would compute them. */
export const summarise = (findings: readonly Finding[]): Report['summary'] => {
  const byStatus: Record<FindingStatus, number> = { pass: 0, fail: 0, unknown: 0, error: 0 };
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    if (finding.status === 'fail') failingBySeverity[finding.severity] += 1;
  }
  return { byStatus, failingBySeverity };
};

export const sampleFindings = (): Finding[] => [
  makeFinding('aws-s3-bucket-website-disabled', bucketRef('assets-site'), 'fail', {
    message: 'Bucket assets-site serves a static website (index.html).',
  }),
  makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('dashcam-images', 'ap-northeast-1'), 'fail', {
    message: 'Bucket dashcam-images is readable by anyone: bucket policy statement PublicRead allows s3:GetObject to "*".',
    trace: [
      { layer: 'account-bpa', effect: 'note', detail: 'account Block Public Access is not configured' },
      { layer: 'bucket-policy', ref: 'PublicRead', effect: 'grants', detail: 'Allow s3:GetObject to Principal "*"' },
    ],
  }),
  makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('customer-uploads', 'us-east-1'), 'fail', {
    message: 'Bucket customer-uploads accepts writes from anyone: ACL grants WRITE to AllUsers.',
    trace: [{ layer: 'bucket-acl', ref: 'AllUsers:WRITE', effect: 'grants', detail: 'WRITE to AllUsers' }],
  }),
  makeFinding('aws-s3-bucket-not-publicly-listable', bucketRef('backups/2024 q1?', 'us-east-1'), 'fail', {
    message: 'Bucket listing is open to anyone.',
    trace: [{ layer: 'bucket-policy', ref: 'ListAll', effect: 'grants', detail: 'Allow s3:ListBucket to "*"' }],
  }),
  makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('billing-exports'), 'unknown', {
    message: 'Could not read the bucket policy (GetBucketPolicy: AccessDenied), so exposure is undetermined.',
    unreadable: [{ facet: 'policy', operation: 'GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied' }],
  }),
  makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('analytics-raw'), 'error', {
    message: 'Rule threw: TypeError: Cannot read properties of undefined (reading "Statement")',
  }),
  makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('app-logs'), 'pass', {
    message: 'Bucket app-logs is not readable by anyone.',
    trace: [{ layer: 'bucket-bpa', effect: 'blocks', detail: 'RestrictPublicBuckets and IgnorePublicAcls are on' }],
  }),
  makeFinding('aws-s3-bucket-not-publicly-writable', bucketRef('app-logs'), 'pass', {
    message: 'Bucket app-logs does not accept anonymous writes.',
  }),
];

export const makeReport = (overrides: Partial<Report> = {}): Report => {
  const findings = overrides.findings ?? sampleFindings();
  return {
    tool: { name: 'ajar', version: '0.1.0' },
    scope: [
      { provider: 'aws', account: ACCOUNT, regions: ['eu-west-1', 'us-east-1', 'ap-northeast-1'] },
      { provider: 'azure', notScanned: 'no credentials found by DefaultAzureCredential' },
    ],
    timing: { startedAt: '2025-03-01T10:00:00.000Z', finishedAt: '2025-03-01T10:00:04.250Z', durationMs: 4250 },
    rules: RULES,
    findings,
    collectionErrors: [
      {
        provider: 'aws',
        account: ACCOUNT,
        region: 'eu-south-1',
        operation: 'ListObjectsV2',
        code: 'AccessDenied',
        message: 'Access Denied',
      },
    ],
    coverage: { resources: 10, facetsRequested: 40, facetsRead: 39, ratio: 39 / 40 },
    summary: summarise(findings),
    stats: { apiCalls: 57, apiCallsByOperation: { ListBuckets: 1, GetBucketPolicy: 10, GetBucketAcl: 10 } },
    ...overrides,
  };
};

/** An empty inventory of one AWS account, as `ajar collect` writes it. */
export const makeInventory = (overrides: Partial<InventoryFile> = {}): InventoryFile => ({
  kind: INVENTORY_KIND,
  version: INVENTORY_VERSION,
  tool: { name: 'ajar', version: '0.0.0' },
  collectedAt: '2026-01-01T00:00:00.000Z',
  scope: [{ provider: 'aws', account: ACCOUNT, regions: ['eu-west-1'] }],
  collectionErrors: [],
  resources: [],
  stats: { apiCalls: 0, apiCallsByOperation: {} },
  ...overrides,
});
