import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-not-publicly-listable.ts';
import { binding, checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-not-publicly-listable', () => {
  it('passes when the public can read objects by name but not list them', () => {
    expect(checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.legacyObjectReader', 'allUsers')] })).status).toBe('pass');
  });

  it('fails on a bucket ACL allUsers:READER while uniform access is off', () => {
    const finding = checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: false, publicAccessPrevention: 'inherited' }, acl: [{ entity: 'allUsers', role: 'READER' }], defaultObjectAcl: [] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('bucket ACL entry allUsers:READER');
  });

  it('fails on roles/storage.legacyBucketReader for allUsers', () => {
    expect(checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.legacyBucketReader', 'allUsers')] })).status).toBe('fail');
  });

  it('is unknown when the bucket ACL cannot be read and uniform access is off', () => {
    const finding = checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: false, publicAccessPrevention: 'inherited' }, defaultObjectAcl: [], unreadable: { acl: 'forbidden' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('storage.bucketAccessControls.list failed with forbidden');
  });
});
