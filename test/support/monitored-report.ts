/**
 * A report as a monitoring run produces it: compared with a state store, findings new and
 * existing (one failing since 2022), a suppressed failure, a resolved finding, stale and expired
 * suppression entries, and a hostile resource name, on top of report-factory's sample findings.
 */
import type { Finding } from '../../src/engine/finding.ts';
import type { Report } from '../../src/report/model.ts';
import { bucketRef, makeFinding, makeReport, sampleFindings, summarise } from './report-factory.ts';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const SCAN_FINISHED = '2025-03-01T10:00:04.250Z';

const byName = (findings: Finding[], name: string, status = 'fail'): Finding => {
  const found = findings.find((f) => f.resource.name === name && f.status === status);
  if (found === undefined) throw new Error(`monitored-report: no ${status} finding on ${name}`);
  return found;
};

export function makeMonitoredReport(overrides: Partial<Report> = {}): Report {
  const findings = sampleFindings();
  byName(findings, 'dashcam-images').lifecycle = { state: 'existing', firstSeen: '2022-01-10T08:00:00.000Z' };
  byName(findings, 'customer-uploads').lifecycle = { state: 'new' };
  byName(findings, 'assets-site').lifecycle = { state: 'existing', firstSeen: '2025-02-20T08:00:00.000Z' };
  const listable = byName(findings, 'backups/2024 q1?');
  listable.lifecycle = { state: 'existing', firstSeen: '2024-06-01T00:00:00.000Z' };
  listable.suppression = { reason: 'public dataset by design', owner: 'data-team', expires: '2025-12-31', source: '.ajarignore.yaml: $.suppressions[0]' };
  findings.push(
    makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef(HOSTILE_NAME), 'fail', {
      message: 'evil <script>alert(1)</script> =cmd @org/team | pipe',
      trace: [{ layer: 'bucket-policy', ref: '"><svg onload=alert(2)>', effect: 'grants', detail: 'Allow s3:GetObject to "*"' }],
      lifecycle: { state: 'new' },
    }),
  );
  const resolvedRef = bucketRef('old-uploads');
  return makeReport({
    findings,
    summary: summarise(findings),
    comparison: {
      against: 'state:sqlite:/var/lib/ajar/state.db',
      previousScanAt: '2025-02-28T10:00:00.000Z',
      resolved: [
        {
          fingerprint: 'f'.repeat(32),
          ruleId: 'aws-s3-bucket-not-publicly-writable',
          severity: 'high',
          resource: resolvedRef,
          firstSeen: '2023-05-01T00:00:00.000Z',
          resolvedAt: SCAN_FINISHED,
        },
      ],
    },
    suppressions: {
      stale: [{ ruleId: 'aws-s3-bucket-not-publicly-readable', resource: 'arn:aws:s3:::deleted-bucket', source: '.ajarignore.yaml: $.suppressions[2]' }],
      expired: [{ ruleId: 'aws-s3-bucket-website-disabled', resource: 'arn:aws:s3:::promo-site', expires: '2025-01-31', source: '.ajarignore.yaml: $.suppressions[1]' }],
    },
    ...overrides,
  });
}
