import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-no-untrusted-account-access.ts';
import { check, OWNER_ACCOUNT, policyText, s3Bucket } from '../../../support/resources.ts';

const VENDOR = '444455556666';
const vendorPolicy = policyText({
  Sid: 'VendorRead',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${VENDOR}:root` },
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'],
});

describe('aws-s3-bucket-no-untrusted-account-access', () => {
  it('passes when only the owner account is granted', () => {
    const policy = policyText({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER_ACCOUNT}:role/app` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' });
    expect(check(rule, s3Bucket({ policy })).status).toBe('pass');
  });

  it('fails for a vendor account that is not trusted, naming the account and the statement', () => {
    const finding = check(rule, s3Bucket({ policy: vendorPolicy }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(VENDOR);
    expect(finding.message).toContain('Sid "VendorRead"');
  });

  it('passes the same bucket once the vendor is a trusted account', () => {
    expect(check(rule, s3Bucket({ policy: vendorPolicy }), { trustedAccounts: new Set([VENDOR]) }).status).toBe('pass');
  });

  it('finds an account named only through aws:PrincipalAccount', () => {
    const policy = policyText({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*', Condition: { StringEquals: { 'aws:PrincipalAccount': VENDOR } } });
    const finding = check(rule, s3Bucket({ policy }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(VENDOR);
  });

  it('is unknown when the policy cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { policy: 'AccessDenied' } })).status).toBe('unknown');
  });
});
