import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-not-open-to-any-authenticated-user.ts';
import { allUsers, authenticatedUsers, check, OWNER_CANONICAL_ID, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-not-open-to-any-authenticated-user', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails on an AuthenticatedUsers READ grant', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [authenticatedUsers('READ')] }, ownershipControls: null }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('AuthenticatedUsers READ');
  });

  it('passes (and points to the public rules) when access is anonymous rather than authenticated-only', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('READ')] }, ownershipControls: null }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('public-access rules');
  });

  it('is unknown when the ACL cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { acl: 'AccessDenied' } })).status).toBe('unknown');
  });
});
