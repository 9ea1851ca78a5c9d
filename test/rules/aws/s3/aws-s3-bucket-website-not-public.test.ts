import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-website-not-public.ts';
import { check, policyText, publicReadStatement, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-website-not-public', () => {
  it('passes when website hosting is off, even on a public bucket', () => {
    expect(check(rule, s3Bucket({ name: 'b', policy: policyText(publicReadStatement('b')) })).status).toBe('pass');
  });

  it('passes a website on a bucket nobody outside can read', () => {
    const finding = check(rule, s3Bucket({ website: { enabled: true, indexDocument: 'index.html' } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('Website hosting is on');
  });

  it('fails a website on a publicly readable bucket', () => {
    const finding = check(rule, s3Bucket({ name: 'www', website: { enabled: true, indexDocument: 'index.html' }, policy: policyText(publicReadStatement('www')) }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('serves a static website');
  });

  it('is unknown when the website configuration cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { website: 'AccessDenied' } })).status).toBe('unknown');
  });
});
