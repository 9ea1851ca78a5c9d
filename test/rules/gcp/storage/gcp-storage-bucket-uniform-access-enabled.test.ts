import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-uniform-access-enabled.ts';
import { checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-uniform-access-enabled', () => {
  it('passes when uniform bucket-level access is on', () => {
    expect(checkGcp(rule, gcsBucket()).status).toBe('pass');
  });

  it('fails when it is off', () => {
    const finding = checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: false, publicAccessPrevention: 'enforced' } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Bucket enrolment-exports still honours object and bucket ACLs (uniform bucket-level access is off).');
  });

  it('is unknown when the bucket configuration cannot be read', () => {
    expect(checkGcp(rule, gcsBucket({ unreadable: { iamConfiguration: 'forbidden' } })).status).toBe('unknown');
  });
});
