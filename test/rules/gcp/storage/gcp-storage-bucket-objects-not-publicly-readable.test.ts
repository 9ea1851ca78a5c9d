import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-objects-not-publicly-readable.ts';
import { binding, checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-objects-not-publicly-readable', () => {
  it('passes a bucket with only project members', () => {
    expect(checkGcp(rule, gcsBucket()).status).toBe('pass');
  });

  it('fails when allUsers holds roles/storage.objectViewer, naming the binding', () => {
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.objectViewer', 'allUsers')] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Bucket enrolment-exports lets the public read its objects: anyone on the internet (allUsers) can read objects via IAM binding roles/storage.objectViewer.');
    expect(finding.trace).toContainEqual(expect.objectContaining({ layer: 'bucket IAM', ref: 'roles/storage.objectViewer', effect: 'grants' }));
  });

  it('fails through the default object ACL when uniform access is off', () => {
    const finding = checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: false, publicAccessPrevention: 'inherited' }, acl: [], defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('objects created without an explicit ACL');
  });

  it('passes when public access prevention is enforced, saying what it switched off', () => {
    const finding = checkGcp(rule, gcsBucket({ iamConfiguration: { uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' }, bindings: [binding('roles/storage.objectViewer', 'allUsers')] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('public access prevention (bucket: enforced) switches off roles/storage.objectViewer');
  });

  it('is unknown, not pass, when the IAM policy cannot be read', () => {
    const finding = checkGcp(rule, gcsBucket({ unreadable: { iamPolicy: 'forbidden', customRoles: 'forbidden' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('storage.buckets.getIamPolicy failed with forbidden');
  });

  it('is unknown when the bucket configuration itself cannot be read', () => {
    const finding = checkGcp(rule, gcsBucket({ unreadable: { iamConfiguration: 'forbidden' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable).toEqual([expect.objectContaining({ operation: 'storage.buckets.list', code: 'forbidden' })]);
  });
});
