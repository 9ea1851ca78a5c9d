/**
 * Issue 10: every "public" verdict carries a witness, one concrete request the layers allow, and
 * the JSON report and the HTML detail show it (caller, path, action, resource, context keys).
 * The findings come from the real S3 rules, not hand-made witness objects.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/finding.ts';
import { renderHtml } from '../../../src/report/html.ts';
import { esc } from '../../../src/report/html/escape.ts';
import { parseReportJson, renderJson } from '../../../src/report/json.ts';
import objectsNotPubliclyReadable from '../../../rules/aws/s3/aws-s3-bucket-objects-not-publicly-readable.ts';
import notOpenToAuthenticated from '../../../rules/aws/s3/aws-s3-bucket-not-open-to-any-authenticated-user.ts';
import { makeReport } from '../../support/report-factory.ts';
import { check, policyText, publicReadStatement, s3Bucket } from '../../support/resources.ts';

// A value no real request carries, so finding it escaped in the page proves the witness is shown.
const HOSTILE_AGENT = '<img src=x onerror=alert(1)>';

/** Public read, restricted only by aws:UserAgent, which the caller sets (IAM UG, "aws:UserAgent": it restricts nothing). */
const publicBucket = () =>
  s3Bucket({ name: 'open-bucket', policy: policyText(publicReadStatement('open-bucket', { Condition: { StringEquals: { 'aws:UserAgent': HOSTILE_AGENT } } })) });
const privateBucket = () => s3Bucket({ name: 'closed-bucket' });

const findings = (): Finding[] => [check(objectsNotPubliclyReadable, publicBucket()), check(objectsNotPubliclyReadable, privateBucket())];

describe('the witness on findings and in the JSON report', () => {
  it('a failing public-read finding carries the anonymous GetObject request; a passing one carries none', () => {
    const [open, closed] = findings();
    expect(open!.status).toBe('fail');
    expect(open!.witness).toMatchObject({
      path: 'anonymous',
      principal: { type: 'anonymous' },
      action: 's3:GetObject',
      context: { 'aws:UserAgent': HOSTILE_AGENT },
    });
    expect(open!.witness!.resource.startsWith('arn:aws:s3:::open-bucket/')).toBe(true);
    expect(closed!.status).toBe('pass');
    expect('witness' in closed!).toBe(false);
  });

  it('the JSON report writes the witness and reads it back unchanged', () => {
    const report = makeReport({ findings: findings() });
    const text = renderJson(report);
    const data = JSON.parse(text);
    const byName = (name: string) => data.findings.find((f: Finding) => f.resource.name === name);
    expect(byName('open-bucket').witness).toEqual(findings()[0]!.witness);
    expect(byName('closed-bucket')).not.toHaveProperty('witness');
    expect(parseReportJson(text, 'report.json').findings[0]!.witness).toEqual(findings()[0]!.witness);
  });

  it('a malformed witness in a report read back is refused with its JSON path', () => {
    const data = JSON.parse(renderJson(makeReport({ findings: findings() })));
    data.findings[0].witness.principal = { type: 'aws', account: '210987654321' };
    expect(() => parseReportJson(JSON.stringify(data), 'report.json')).toThrow(/^report\.json: \$\.findings\[0\]\.witness\.principal\.arn: /);
  });

  it('an AuthenticatedUsers grant is witnessed by a signed request from another account', () => {
    const acl = { ownerId: 'owner-canonical-id', grants: [{ grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, permission: 'READ' as const }] };
    const finding = check(notOpenToAuthenticated, s3Bucket({ name: 'signed-bucket', acl, ownershipControls: 'ObjectWriter' }));
    expect(finding.status).toBe('fail');
    expect(finding.witness).toMatchObject({ principal: { type: 'aws' }, action: expect.stringMatching(/^s3:ListBucket/) });
  });
});

describe('the witness in the HTML finding detail', () => {
  const html = renderHtml(makeReport({ findings: findings() }));
  const detail = (name: string) => {
    const entry = html.split('<details class="finding"').find((e) => e.includes(`<span class="res">${name}</span>`));
    if (entry === undefined) throw new Error(`no entry for ${name}`);
    return entry.slice(0, entry.indexOf('</details>'));
  };

  it('shows caller, path, action, resource and context keys of the failing finding', () => {
    const open = detail('open-bucket');
    expect(open).toContain('<h3>Witness request</h3>');
    expect(open).toContain('<dt>Caller</dt><dd>anonymous</dd>');
    expect(open).toContain('<dt>Path</dt><dd>unsigned, from the internet</dd>');
    expect(open).toContain('<dt>Action</dt><dd><code>s3:GetObject</code></dd>');
    expect(open).toMatch(/<dt>Resource<\/dt><dd><code>arn:aws:s3:::open-bucket\/[^<]+<\/code><\/dd>/);
    expect(open).toContain(`<li><code>aws:UserAgent</code> = <code>${esc(HOSTILE_AGENT)}</code></li>`);
  });

  it('escapes every value and shows nothing for the passing finding', () => {
    expect(html).not.toContain(HOSTILE_AGENT);
    expect(detail('closed-bucket')).not.toContain('Witness request');
  });
});
