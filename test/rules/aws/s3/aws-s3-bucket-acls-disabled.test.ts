import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-acls-disabled.ts';
import { check, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-acls-disabled', () => {
  it('passes with BucketOwnerEnforced', () => {
    expect(check(rule, s3Bucket({ ownershipControls: 'BucketOwnerEnforced' })).status).toBe('pass');
  });

  it.each(['BucketOwnerPreferred', 'ObjectWriter', null] as const)('fails with %s', (setting) => {
    const finding = check(rule, s3Bucket({ ownershipControls: setting }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(setting ?? 'not configured');
  });

  it('is unknown when ownership controls cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { ownershipControls: 'AccessDenied' } })).status).toBe('unknown');
  });
});
