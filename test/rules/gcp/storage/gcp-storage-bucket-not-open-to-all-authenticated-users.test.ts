import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-not-open-to-all-authenticated-users.ts';
import { binding, checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-not-open-to-all-authenticated-users', () => {
  it('passes when only allUsers is bound (that is the other rules\' finding)', () => {
    expect(checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.objectViewer', 'allUsers')] })).status).toBe('pass');
  });

  it('fails when allAuthenticatedUsers holds any storage role', () => {
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.legacyBucketReader', 'allAuthenticatedUsers')] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('every Google account');
  });

  it('passes when the org policy enforces public access prevention for an inheriting bucket', () => {
    expect(checkGcp(rule, gcsBucket({ orgPublicAccessPrevention: true, bindings: [binding('roles/storage.objectViewer', 'allAuthenticatedUsers')] })).status).toBe('pass');
  });

  it('is unknown when a grant exists but the org policy could not be read', () => {
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.objectViewer', 'allAuthenticatedUsers')], unreadable: { orgPublicAccessPrevention: 'PERMISSION_DENIED' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('orgpolicy.policies.getEffectivePolicy failed with PERMISSION_DENIED');
  });
});
