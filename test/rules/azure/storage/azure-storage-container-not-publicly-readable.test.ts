import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-container-not-publicly-readable.ts';
import { check, networkRules, storageContainer } from '../../../support/azure-factories.ts';

const open = { allowBlobPublicAccess: true } as const;

describe('azure-storage-container-not-publicly-readable', () => {
  it('passes a private container', () => {
    expect(check(rule, storageContainer({ level: 'none', account: open })).status).toBe('pass');
  });

  it('fails a Blob-level container in an account that allows public access from every network', () => {
    const finding = check(rule, storageContainer({ level: 'blob', account: open }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('level Blob');
    expect(finding.trace.some((s) => s.layer === 'container' && s.effect === 'grants')).toBe(true);
  });

  it('fails when AllowBlobPublicAccess is absent (Azure treats null as allowed)', () => {
    const finding = check(rule, storageContainer({ level: 'container', account: { allowBlobPublicAccess: null } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('AllowBlobPublicAccess unset');
  });

  it('passes when AllowBlobPublicAccess false neutralises the level', () => {
    const finding = check(rule, storageContainer({ level: 'container', account: { allowBlobPublicAccess: false } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('neutralised by AllowBlobPublicAccess false');
  });

  it('passes when the firewall denies by default', () => {
    const finding = check(rule, storageContainer({ level: 'blob', account: { ...open, networkRuleSet: networkRules({ ipRules: ['203.0.113.0/24'] }) } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('default action is Deny');
  });

  it('fails a $web container served by an enabled static website even when its level is None', () => {
    const finding = check(rule, storageContainer({ name: '$web', level: 'none', staticWebsite: { enabled: true, indexDocument: 'index.html' } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('static website');
  });

  it('is unknown for $web when the static website switch could not be read', () => {
    const finding = check(rule, storageContainer({ name: '$web', level: 'none', unreadable: { accountStaticWebsite: 'AuthorizationPermissionMismatch' } }));
    expect(finding.status).toBe('unknown');
  });

  it('is unknown when the container level cannot be read', () => {
    expect(check(rule, storageContainer({ unreadable: { publicAccess: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
