import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-shared-key-access-disabled.ts';
import { check, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-shared-key-access-disabled', () => {
  it('passes when AllowSharedKeyAccess is false', () => {
    expect(check(rule, storageAccount({ settings: { allowSharedKeyAccess: false } })).status).toBe('pass');
  });

  it('fails when AllowSharedKeyAccess is true', () => {
    expect(check(rule, storageAccount({ settings: { allowSharedKeyAccess: true } })).status).toBe('fail');
  });

  it('fails when AllowSharedKeyAccess is not set (null means allowed)', () => {
    const finding = check(rule, storageAccount({ settings: { allowSharedKeyAccess: null } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('not set, which means allowed');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
