/** Service Authorization Reference, Amazon S3 actions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html */
import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-configuration-not-publicly-writable.ts';
import { allUsers, check, OWNER_CANONICAL_ID, policyText, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-configuration-not-publicly-writable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails on a policy granting s3:PutLifecycleConfiguration to everyone', () => {
    const policy = policyText({ Sid: 'Config', Effect: 'Allow', Principal: '*', Action: 's3:PutLifecycleConfiguration', Resource: 'arn:aws:s3:::example-bucket' });
    const finding = check(rule, s3Bucket({ policy }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('Sid "Config"');
  });

  it('fails on a wildcard action pattern reaching configuration actions (s3:PutLifecycleConfiguration)', () => {
    const policy = policyText({ Sid: 'Wild', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:PutLifecycleConfiguration', Resource: 'arn:aws:s3:::example-bucket' });
    expect(check(rule, s3Bucket({ policy })).status).toBe('fail');
  });

  it('passes when the grant is on objects only (configuration actions act on the bucket)', () => {
    const policy = policyText({ Effect: 'Allow', Principal: '*', Action: 's3:PutLifecycleConfiguration', Resource: 'arn:aws:s3:::example-bucket/*' });
    expect(check(rule, s3Bucket({ policy })).status).toBe('pass');
  });

  it('passes an ACL WRITE grant: bucket ACLs grant no configuration actions (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions)', () => {
    expect(check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('WRITE')] }, ownershipControls: null })).status).toBe('pass');
  });

  it('is unknown when the policy cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { policy: 'AccessDenied' } })).status).toBe('unknown');
  });
});
