import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-https-only.ts';
import { check, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-https-only', () => {
  it('passes when secure transfer is required', () => {
    expect(check(rule, storageAccount({ settings: { supportsHttpsTrafficOnly: true } })).status).toBe('pass');
  });

  it('fails when plain HTTP is accepted', () => {
    const finding = check(rule, storageAccount({ settings: { supportsHttpsTrafficOnly: false } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('accepts plain HTTP');
  });

  it('fails when the property is absent', () => {
    expect(check(rule, storageAccount({ settings: { supportsHttpsTrafficOnly: null } })).status).toBe('fail');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
