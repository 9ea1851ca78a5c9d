import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/s3/aws-s3-bucket-objects-not-publicly-readable.ts';
import { ALL_ON, check, policyText, publicReadStatement, s3Bucket } from '../../../support/resources.ts';

describe('aws-s3-bucket-objects-not-publicly-readable', () => {
  it('passes a private bucket', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails when the policy lets anyone GetObject, naming the statement', () => {
    const finding = check(rule, s3Bucket({ name: 'dashcams', policy: policyText(publicReadStatement('dashcams')) }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('Sid "PublicRead"');
    expect(finding.trace.some((s) => s.layer === 'bucket policy' && s.effect === 'grants')).toBe(true);
  });

  it('fails when the only condition is aws:Referer, which the requester sets', () => {
    const policy = policyText(publicReadStatement('site', { Condition: { StringLike: { 'aws:Referer': 'https://example.com/*' } } }));
    const finding = check(rule, s3Bucket({ name: 'site', policy }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('anyone on the internet');
    expect(finding.trace.map((s) => s.detail).join('\n')).toContain('aws:Referer');
  });

  it('passes when RestrictPublicBuckets at account level neutralises the public policy', () => {
    const finding = check(rule, s3Bucket({ name: 'b', policy: policyText(publicReadStatement('b')), accountPublicAccessBlock: ALL_ON }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('RestrictPublicBuckets');
  });

  it('is unknown, not pass, when the policy cannot be read', () => {
    const finding = check(rule, s3Bucket({ unreadable: { policy: 'AccessDenied' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable).toEqual([expect.objectContaining({ operation: 'GetBucketPolicy', code: 'AccessDenied' })]);
  });

  it('is unknown when AWS PolicyStatus says public but no public statement is found', () => {
    const finding = check(rule, s3Bucket({ policyStatus: { isPublic: true }, policy: policyText({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' }) }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('IsPublic=true');
  });

  it('is unknown when the policy is not valid JSON', () => {
    expect(check(rule, s3Bucket({ policy: '{not json' })).status).toBe('unknown');
  });
});
