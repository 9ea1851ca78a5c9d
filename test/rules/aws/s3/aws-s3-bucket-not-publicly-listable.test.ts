import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-not-publicly-listable.ts';
import { ALL_ON, allUsers, check, OWNER_CANONICAL_ID, s3Bucket } from '../../../support/resources.ts';

const aclWith = (...grants: ReturnType<typeof allUsers>[]) => ({ ownerId: OWNER_CANONICAL_ID, grants });

describe('aws-s3-bucket-not-publicly-listable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails when the ACL grants AllUsers READ and ACLs are enabled', () => {
    const finding = check(rule, s3Bucket({ acl: aclWith(allUsers('READ')), ownershipControls: 'ObjectWriter' }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('ACL grant AllUsers READ');
  });

  it('passes when Object Ownership BucketOwnerEnforced disables the same ACL', () => {
    const finding = check(rule, s3Bucket({ acl: aclWith(allUsers('READ')), ownershipControls: 'BucketOwnerEnforced' }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('BucketOwnerEnforced');
  });

  it('passes when IgnorePublicAcls is on at bucket level', () => {
    const finding = check(rule, s3Bucket({ acl: aclWith(allUsers('FULL_CONTROL')), ownershipControls: null, publicAccessBlock: ALL_ON }));
    expect(finding.status).toBe('pass');
  });

  it('is unknown when the ACL cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { acl: 'AccessDenied' } })).status).toBe('unknown');
  });
});
