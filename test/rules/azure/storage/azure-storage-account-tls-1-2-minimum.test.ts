import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-tls-1-2-minimum.ts';
import { check, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-tls-1-2-minimum', () => {
  it('passes TLS1_2 and TLS1_3', () => {
    expect(check(rule, storageAccount({ settings: { minimumTlsVersion: 'TLS1_2' } })).status).toBe('pass');
    expect(check(rule, storageAccount({ settings: { minimumTlsVersion: 'TLS1_3' } })).status).toBe('pass');
  });

  it('fails TLS1_0 and TLS1_1', () => {
    const finding = check(rule, storageAccount({ settings: { minimumTlsVersion: 'TLS1_1' } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('accepts TLS 1.1');
    expect(check(rule, storageAccount({ settings: { minimumTlsVersion: 'TLS1_0' } })).status).toBe('fail');
  });

  it('fails when the minimum version is not set (TLS 1.0 accepted)', () => {
    expect(check(rule, storageAccount({ settings: { minimumTlsVersion: null } })).message).toContain('MinimumTlsVersion is not set');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
