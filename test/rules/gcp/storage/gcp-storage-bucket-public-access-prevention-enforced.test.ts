import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-public-access-prevention-enforced.ts';
import { checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-public-access-prevention-enforced', () => {
  it('passes when enforced on the bucket', () => {
    expect(checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' } })).status).toBe('pass');
  });

  it('passes when inherited from an enforcing organization policy', () => {
    const finding = checkGcp(rule, gcsBucket({ orgPublicAccessPrevention: true }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('organization policy');
  });

  it('fails when inherited and the organization policy does not enforce it', () => {
    const finding = checkGcp(rule, gcsBucket({ orgPublicAccessPrevention: false }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Bucket enrolment-exports does not enforce public access prevention (bucket: inherited; organization policy: not enforced).');
  });

  it('is unknown when inherited and the organization policy cannot be read', () => {
    const finding = checkGcp(rule, gcsBucket({ unreadable: { orgPublicAccessPrevention: 'PERMISSION_DENIED' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('PERMISSION_DENIED');
  });
});
