import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-container-not-publicly-listable.ts';
import { check, storageContainer } from '../../../support/azure-factories.ts';

describe('azure-storage-container-not-publicly-listable', () => {
  it('passes a Blob-level container: blobs readable, listing refused', () => {
    const finding = check(rule, storageContainer({ level: 'blob', account: { allowBlobPublicAccess: true } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('level Blob does not allow anonymous listing');
  });

  it('fails a Container-level container in an account open to anonymous access', () => {
    const finding = check(rule, storageContainer({ name: 'profile-photos', level: 'container', account: { allowBlobPublicAccess: true } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('profile-photos can be listed by anyone');
  });

  it('passes when public network access is disabled', () => {
    const finding = check(rule, storageContainer({ level: 'container', account: { allowBlobPublicAccess: true, publicNetworkAccess: 'Disabled' } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('publicNetworkAccess is Disabled');
  });

  it('is unknown for a Container-level container behind a network security perimeter', () => {
    const finding = check(rule, storageContainer({ level: 'container', account: { allowBlobPublicAccess: true, publicNetworkAccess: 'SecuredByPerimeter' } }));
    expect(finding.status).toBe('unknown');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageContainer({ level: 'container', unreadable: { account: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
