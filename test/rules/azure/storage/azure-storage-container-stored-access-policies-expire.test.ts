import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-container-stored-access-policies-expire.ts';
import { check, storageContainer } from '../../../support/azure-factories.ts';

describe('azure-storage-container-stored-access-policies-expire', () => {
  it('passes with no stored access policy', () => {
    expect(check(rule, storageContainer()).message).toBe('No stored access policies.');
  });

  it('passes when every policy expires', () => {
    const finding = check(rule, storageContainer({ accessPolicies: [{ id: 'readers', permissions: 'rl', start: '2026-01-01T00:00:00.000Z', expiry: '2026-12-31T00:00:00.000Z' }] }));
    expect(finding.status).toBe('pass');
  });

  it('fails a policy that grants permissions with no expiry', () => {
    const finding = check(rule, storageContainer({ accessPolicies: [{ id: 'forever', permissions: 'rwdl', start: null, expiry: null }] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('forever');
  });

  it('passes a policy without permissions (its SAS tokens carry their own expiry)', () => {
    expect(check(rule, storageContainer({ accessPolicies: [{ id: 'revocation-handle', permissions: null, start: null, expiry: null }] })).status).toBe('pass');
  });

  it('is unknown when Get Container ACL is refused', () => {
    const finding = check(rule, storageContainer({ unreadable: { accessPolicies: 'AuthorizationPermissionMismatch' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('blob:GetContainerACL failed with AuthorizationPermissionMismatch');
  });
});
