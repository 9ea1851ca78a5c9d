import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-cross-tenant-replication-disabled.ts';
import { check, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-cross-tenant-replication-disabled', () => {
  it('passes when cross-tenant replication is disallowed', () => {
    expect(check(rule, storageAccount({ settings: { allowCrossTenantReplication: false } })).status).toBe('pass');
  });

  it('fails when it is allowed or not set', () => {
    expect(check(rule, storageAccount({ settings: { allowCrossTenantReplication: true } })).status).toBe('fail');
    expect(check(rule, storageAccount({ settings: { allowCrossTenantReplication: null } })).message).toContain('not set');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
