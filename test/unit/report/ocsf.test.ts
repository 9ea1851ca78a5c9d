import { describe, expect, it } from 'vitest';
import { OCSF_VERSION, renderOcsf } from '../../../src/report/ocsf.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../../support/monitored-report.ts';
import { ocsfSchemaErrors } from '../../support/validators.ts';

type Event = Record<string, any>;
const events = (text: string): Event[] => JSON.parse(text) as Event[];
const eventFor = (list: Event[], name: string): Event => {
  const found = list.find((e) => e.resources[0].name === name);
  if (found === undefined) throw new Error(`no event for ${name}`);
  return found;
};

describe('renderOcsf', () => {
  it('validates as OCSF Detection Findings with py-ocsf-models, extra attributes forbidden', () => {
    expect(ocsfSchemaErrors(renderOcsf(makeReport()))).toEqual([]);
    expect(ocsfSchemaErrors(renderOcsf(makeMonitoredReport()))).toEqual([]);
    const azure = makeReport({
      findings: [
        makeFinding('aws-s3-bucket-not-publicly-readable', { provider: 'azure', account: '00000000-0000-0000-0000-000000000001', region: 'westeurope', type: 'azure.storage.container', id: '/subscriptions/x/containers/c', name: 'c' }, 'fail'),
        makeFinding('aws-s3-bucket-not-publicly-readable', { provider: 'gcp', account: 'my-project', region: '', type: 'gcp.storage.bucket', id: '//storage.googleapis.com/b', name: 'b' }, 'fail'),
      ],
    });
    expect(ocsfSchemaErrors(renderOcsf(azure))).toEqual([]);
  });

  it('the validator can fail: a wrong type_uid, an unknown attribute and a bad severity are all reported', () => {
    const list = events(renderOcsf(makeReport()));
    list[0]!.type_uid = 200499;
    list[0]!.finding_info.colour = 'red';
    list[1]!.severity_id = 7;
    const problems = ocsfSchemaErrors(JSON.stringify(list));
    expect(problems).toContain('$[0].type_uid: expected class_uid * 100 + activity_id');
    expect(problems).toContain('$[0].finding_info.colour: Extra inputs are not permitted');
    expect(problems.some((p) => p.startsWith('$[1].severity_id:'))).toBe(true);
  });

  it('emits one event per fail, unknown and error finding and none for passes', () => {
    const list = events(renderOcsf(makeReport()));
    expect(list.map((e) => e.status_code)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'UNKNOWN', 'ERROR']);
    for (const e of list) {
      expect(e).toMatchObject({ class_uid: 2004, category_uid: 2, class_name: 'Detection Finding', metadata: { version: OCSF_VERSION, product: { name: 'ajar', version: '0.1.0' } } });
      expect(e.time).toBe(Date.parse('2025-03-01T10:00:04.250Z'));
    }
  });

  it('maps the finding: severity, fingerprint as finding uid, rule as analytic, cloud account and resource, remediation', () => {
    const e = eventFor(events(renderOcsf(makeReport())), 'dashcam-images');
    expect(e).toMatchObject({
      activity_id: 1,
      type_uid: 200401,
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      message: 'Bucket dashcam-images is readable by anyone: bucket policy statement PublicRead allows s3:GetObject to "*".',
      finding_info: { title: 'S3 bucket objects are not readable by anyone on the internet', analytic: { uid: 'aws-s3-bucket-not-publicly-readable', type: 'Rule' }, types: ['aws.s3.bucket'] },
      cloud: { provider: 'AWS', region: 'ap-northeast-1', account: { uid: '123456789012', type_id: 10 } },
      resources: [{ uid: 'arn:aws:s3:::dashcam-images', name: 'dashcam-images', type: 'aws.s3.bucket', region: 'ap-northeast-1', cloud_partition: 'aws' }],
      risk_details: 'Anyone who guesses the bucket name can download its objects.',
    });
    expect(e.finding_info.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(e.remediation.desc).toMatch(/^Turn on S3 Block Public Access.*\naws s3api/s);
    expect(e.remediation.references).toEqual(['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html']);
    expect(e.unmapped.ajar.trace).toEqual([
      { layer: 'account-bpa', effect: 'note', detail: 'account Block Public Access is not configured' },
      { layer: 'bucket-policy', ref: 'PublicRead', effect: 'grants', detail: 'Allow s3:GetObject to Principal "*"' },
    ]);
    const unknown = eventFor(events(renderOcsf(makeReport())), 'billing-exports');
    expect(unknown.unmapped.ajar.unreadable).toEqual([{ facet: 'policy', operation: 'GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied' }]);
  });

  it('uses Create for new, Update for existing (with first seen), Suppressed status, and Close/Resolved for resolved findings', () => {
    const list = events(renderOcsf(makeMonitoredReport()));
    expect(eventFor(list, 'customer-uploads')).toMatchObject({ activity_id: 1, activity_name: 'Create', type_uid: 200401 });
    const existing = eventFor(list, 'dashcam-images');
    expect(existing).toMatchObject({ activity_id: 2, type_uid: 200402, finding_info: { first_seen_time: Date.parse('2022-01-10T08:00:00.000Z') } });
    expect(eventFor(list, 'backups/2024 q1?')).toMatchObject({ status_id: 3, status: 'Suppressed', unmapped: { ajar: { suppression: { owner: 'data-team' } } } });
    const closed = eventFor(list, 'old-uploads');
    expect(closed).toMatchObject({ activity_id: 3, type_uid: 200403, status_id: 4, status: 'Resolved', status_code: 'RESOLVED', severity_id: 4 });
    expect(closed.finding_info.first_seen_time).toBe(Date.parse('2023-05-01T00:00:00.000Z'));
    expect(list.at(-1)).toBe(closed);
  });

  it('carries hostile names as data (JSON-escaped), and leaves out non-web references', () => {
    const report = makeMonitoredReport();
    report.rules = report.rules.map((r) => ({ ...r, references: ['javascript:alert(1)', ...r.references] }));
    const list = events(renderOcsf(report));
    expect(eventFor(list, HOSTILE_NAME).resources[0].uid).toBe(`arn:aws:s3:::${HOSTILE_NAME}`);
    for (const e of list) for (const ref of e.remediation?.references ?? []) expect(ref).toMatch(/^https:\/\//);
    expect(ocsfSchemaErrors(JSON.stringify(list))).toEqual([]);
  });

  it('writes an empty array when nothing needs attention', () => {
    expect(renderOcsf(makeReport({ findings: [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('fine'), 'pass')] }))).toBe('[]\n');
  });
});
