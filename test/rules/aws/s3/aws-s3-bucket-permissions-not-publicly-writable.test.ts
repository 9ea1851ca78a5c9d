import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-permissions-not-publicly-writable.ts';
import { allUsers, authenticatedUsers, check, OWNER_CANONICAL_ID, policyText, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-permissions-not-publicly-writable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails on WRITE_ACP to AuthenticatedUsers (any AWS account)', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [authenticatedUsers('WRITE_ACP')] }, ownershipControls: null }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('any authenticated AWS principal');
  });

  it('fails on FULL_CONTROL to AllUsers', () => {
    expect(check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('FULL_CONTROL')] }, ownershipControls: null })).status).toBe('fail');
  });

  it('fails on a policy letting anyone s3:PutBucketPolicy', () => {
    const policy = policyText({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::example-bucket' });
    expect(check(rule, s3Bucket({ policy })).status).toBe('fail');
  });

  it('is unknown when the account Block Public Access cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { accountPublicAccessBlock: 'AccessDenied' } })).status).toBe('unknown');
  });
});
