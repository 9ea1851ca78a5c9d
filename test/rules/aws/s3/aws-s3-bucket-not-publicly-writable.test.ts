import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-not-publicly-writable.ts';
import { allUsers, check, OWNER_CANONICAL_ID, policyText, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-not-publicly-writable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails on an ACL WRITE grant to AllUsers', () => {
    const finding = check(rule, s3Bucket({ acl: { ownerId: OWNER_CANONICAL_ID, grants: [allUsers('WRITE')] }, ownershipControls: null }));
    expect(finding.status).toBe('fail');
  });

  it('fails on a policy allowing s3:Put* to everyone', () => {
    const policy = policyText({ Sid: 'Upload', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:Put*', Resource: 'arn:aws:s3:::example-bucket/*' });
    const finding = check(rule, s3Bucket({ policy }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('Sid "Upload"');
  });

  it('passes when an unconditional Deny removes the public write', () => {
    const policy = policyText(
      { Sid: 'Upload', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::example-bucket/*' },
      { Sid: 'NoWrites', Effect: 'Deny', Principal: '*', Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'], Resource: 'arn:aws:s3:::example-bucket/*' },
    );
    expect(check(rule, s3Bucket({ policy })).status).toBe('pass');
  });

  it('is unknown when Block Public Access cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { publicAccessBlock: 'AccessDenied' } })).status).toBe('unknown');
  });
});
