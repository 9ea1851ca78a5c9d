import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-public-access-block-enabled.ts';
import { ALL_OFF, ALL_ON, check, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-public-access-block-enabled', () => {
  it('passes with all four settings on the bucket', () => {
    expect(check(rule, s3Bucket({ publicAccessBlock: ALL_ON })).status).toBe('pass');
  });

  it('passes when the account supplies what the bucket lacks', () => {
    expect(check(rule, s3Bucket({ publicAccessBlock: { ...ALL_OFF, blockPublicAcls: true }, accountPublicAccessBlock: { ...ALL_ON, blockPublicAcls: false } })).status).toBe('pass');
  });

  it('fails when neither level sets a flag', () => {
    const finding = check(rule, s3Bucket({ publicAccessBlock: { ...ALL_ON, ignorePublicAcls: false }, accountPublicAccessBlock: null }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/IgnorePublicAcls\.$/);
  });

  it('is unknown when the bucket setting cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { publicAccessBlock: 'AccessDenied' } })).status).toBe('unknown');
  });

  it('is an error, never a pass, when a required facet was not collected', () => {
    expect(check(rule, s3Bucket({ omit: ['accountPublicAccessBlock'] })).status).toBe('error');
  });
});
