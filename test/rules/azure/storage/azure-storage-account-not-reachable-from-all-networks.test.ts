import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/storage/azure-storage-account-not-reachable-from-all-networks.ts';
import { check, networkRules, storageAccount } from '../../../support/azure-factories.ts';

describe('azure-storage-account-not-reachable-from-all-networks', () => {
  it('passes when the default action is Deny with a narrow IP rule', () => {
    const finding = check(rule, storageAccount({ settings: { networkRuleSet: networkRules({ ipRules: ['203.0.113.7'] }) } }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('1 IP rule(s)');
  });

  it('fails when the default action is Allow', () => {
    const finding = check(rule, storageAccount({ settings: { networkRuleSet: networkRules({ defaultAction: 'Allow' }) } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('every network');
  });

  it('fails when an IP rule is wider than the configured public prefix', () => {
    const settings = { networkRuleSet: networkRules({ ipRules: ['20.0.0.0/8'] }) };
    expect(check(rule, storageAccount({ settings })).status).toBe('fail');
    // The same rule is a known network once the user allows /8 ranges.
    expect(check(rule, storageAccount({ settings }), { network: { maxPublicPrefix: 8, maxPublicPrefixV6: 32 } }).status).toBe('pass');
  });

  it('passes when public network access is disabled, whatever the rule set says', () => {
    expect(check(rule, storageAccount({ settings: { publicNetworkAccess: 'Disabled', networkRuleSet: networkRules({ defaultAction: 'Allow' }) } })).status).toBe('pass');
  });

  it('is unknown when a network security perimeter decides inbound access (its rules are not read)', () => {
    const finding = check(rule, storageAccount({ settings: { publicNetworkAccess: 'SecuredByPerimeter' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('network security perimeter');
  });

  it('is unknown when the account settings cannot be read', () => {
    expect(check(rule, storageAccount({ unreadable: { settings: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
