import { describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from '../../../src/report/junit.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../../support/monitored-report.ts';
import { junitSchemaErrors } from '../../support/validators.ts';

/** The testcase element (with its body) whose name starts with the given resource name. */
const testcase = (xml: string, name: string): string => {
  const escaped = xmlAttr(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<testcase name="${escaped}[^"]*"[^>]*?(/>|>[\\s\\S]*?</testcase>)`).exec(xml);
  if (match === null) throw new Error(`no testcase for ${name}`);
  return match[0];
};

describe('renderJunit', () => {
  it('validates against the Jenkins junit-10.xsd, plain and with lifecycle, suppression and hostile names', () => {
    expect(junitSchemaErrors(renderJunit(makeReport()))).toEqual([]);
    expect(junitSchemaErrors(renderJunit(makeMonitoredReport()))).toEqual([]);
    expect(junitSchemaErrors(renderJunit(makeReport({ findings: [], rules: [] })))).toEqual([]);
  });

  it('the schema check can fail: a testsuite without its required counts is rejected', () => {
    const broken = renderJunit(makeReport()).replace(/(<testsuite name="[^"]*" tests="\d+") failures="\d+"/, '$1');
    expect(junitSchemaErrors(broken).join('\n')).toMatch(/attribute 'failures' is required/);
  });

  it('has one testsuite per rule and one testcase per rule × resource, with counts that add up', () => {
    const xml = renderJunit(makeReport());
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml).toMatch(/<testsuites name="ajar" tests="8" failures="4" errors="2" time="4.250">/);
    expect(xml).toMatch(/<testsuite name="aws-s3-bucket-not-publicly-readable" tests="3" failures="1" errors="1" skipped="0"/);
    expect(xml).toContain('<property name="severity" value="critical"/>');
  });

  it('turns a failing finding into a failure typed by severity, with the reason trace and remediation', () => {
    const xml = renderJunit(makeReport());
    const failed = testcase(xml, 'dashcam-images');
    expect(failed).toContain('classname="aws-s3-bucket-not-publicly-readable"');
    expect(failed).toContain('name="dashcam-images (123456789012/ap-northeast-1)"');
    expect(failed).toMatch(/<failure type="critical" message="Bucket dashcam-images is readable by anyone: bucket policy statement PublicRead allows s3:GetObject to &quot;\*&quot;.">/);
    expect(failed).toContain('bucket-policy PublicRead grants: Allow s3:GetObject to Principal "*"');
    expect(failed).toContain('Remediation: Turn on S3 Block Public Access');
    expect(failed).toContain('https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html');
  });

  it('reports unknown and error findings as JUnit errors, not failures, and passes as empty testcases', () => {
    const xml = renderJunit(makeReport());
    expect(testcase(xml, 'billing-exports')).toMatch(/<error type="unknown" message="Could not read the bucket policy/);
    expect(testcase(xml, 'billing-exports')).toContain('Unreadable policy: GetBucketPolicy AccessDenied: Access Denied');
    expect(testcase(xml, 'analytics-raw')).toMatch(/<error type="error" message="Rule threw/);
    expect(testcase(xml, 'app-logs')).toMatch(/\/>$/);
  });

  it('skips a suppressed failure with the suppression, shows first seen and open-for, and marks resolved findings', () => {
    const xml = renderJunit(makeMonitoredReport());
    const suppressed = testcase(xml, 'backups/2024 q1?');
    expect(suppressed).toMatch(/<skipped type="suppressed" message="suppressed until 2025-12-31 by data-team: public dataset by design">/);
    expect(suppressed).not.toContain('<failure');
    expect(testcase(xml, 'dashcam-images')).toContain('Lifecycle: existing, first seen 2022-01-10T08:00:00.000Z, open for 3 years 1 month');
    expect(testcase(xml, 'customer-uploads')).toContain('Lifecycle: new');
    const resolved = testcase(xml, 'old-uploads');
    expect(resolved).toContain('<system-out>Resolved since the previous scan at 2025-03-01T10:00:04.250Z (failing since 2023-05-01T00:00:00.000Z).</system-out>');
    expect(xml).toMatch(/<testsuites name="ajar" tests="10" failures="4" errors="2"/);
  });

  it('escapes markup and strips characters XML 1.0 cannot carry', () => {
    const xml = renderJunit(makeMonitoredReport());
    expect(xml).not.toContain(HOSTILE_NAME);
    expect(xml).toContain('name="&lt;img src=x onerror=alert(1)&gt; (123456789012/eu-west-1)"');
    expect(xmlText('a\u0000b\u001bc\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
    expect(xmlAttr('x"y\'z\n')).toBe('x&quot;y&apos;z&#10;');
    const evil = makeReport({ findings: [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('ctl\u0007name'), 'fail', { message: 'bell\u0007 and \uffff' })] });
    expect(junitSchemaErrors(renderJunit(evil))).toEqual([]);
  });
});
