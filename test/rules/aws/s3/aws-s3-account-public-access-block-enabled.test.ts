import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-account-public-access-block-enabled.ts';
import { ALL_ON, awsAccount, check } from '../../../support/resources.ts';

describe('aws-s3-account-public-access-block-enabled', () => {
  it('passes with all four settings on', () => {
    expect(check(rule, awsAccount(ALL_ON)).status).toBe('pass');
  });

  it('fails when nothing is configured, listing all four settings', () => {
    const finding = check(rule, awsAccount(null));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets');
  });

  it('fails naming only the setting that is off', () => {
    const finding = check(rule, awsAccount({ ...ALL_ON, restrictPublicBuckets: false }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/off: RestrictPublicBuckets\.$/);
  });

  it('is unknown when the account setting cannot be read', () => {
    expect(check(rule, awsAccount(null, 'AccessDenied')).status).toBe('unknown');
  });
});
