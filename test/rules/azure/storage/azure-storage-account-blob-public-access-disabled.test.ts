import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-blob-public-access-disabled.ts';
import { check, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-blob-public-access-disabled', () => {
  it('passes when AllowBlobPublicAccess is false', () => {
    expect(check(rule, storageAccount({ settings: { allowBlobPublicAccess: false } })).status).toBe('pass');
  });

  it('fails when AllowBlobPublicAccess is true', () => {
    const finding = check(rule, storageAccount({ settings: { allowBlobPublicAccess: true } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('(AllowBlobPublicAccess true)');
  });

  it('fails when AllowBlobPublicAccess is not set, naming Azure\'s default', () => {
    const finding = check(rule, storageAccount({ settings: { allowBlobPublicAccess: null } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('not set, which Azure treats as allowed');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
