import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-permissions-not-publicly-readable.ts';
import { allUsers, check, OWNER_CANONICAL_ID, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-permissions-not-publicly-readable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails on READ_ACP to AllUsers', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('READ_ACP')] }, ownershipControls: 'BucketOwnerPreferred' }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('READ_ACP');
  });

  it('does not treat a READ grant (listing) as readable permissions', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('READ')] }, ownershipControls: null }));
    expect(finding.status).toBe('pass');
  });

  it('is unknown when Object Ownership cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { ownershipControls: 'AccessDenied' } })).status).toBe('unknown');
  });
});
