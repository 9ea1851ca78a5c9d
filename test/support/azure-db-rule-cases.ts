/**
 * The cases every Azure database server (SQL, PostgreSQL and MySQL flexible servers) must meet,
 * one set per rule kind: the four kinds share their verdict code (rules/azure/_database-firewall.ts),
 * so each server kind's rule is held to the same pass, fail and unknown cases. Call a set inside
 * the rule's own describe, then add the cases only that server kind has (SQL IPv6 rules, flexible
 * servers' private access).
 */
import { expect, it } from 'vitest';
import type { Rule } from '../../src/engine/define-rule.ts';
import type { AzureFirewalledServer } from '../../src/inventory/azure-db.ts';
import { ALLOW_ALL, AZURE_SERVICES, checkAzure, firewallRule, OFFICE, withPrefix, type ServerSpec } from './azure-db-factories.ts';

type DbRule = { meta: Rule['meta'] };
/** The server under test, of the rule's own kind: public access enabled and one office rule unless the spec says otherwise. */
export type ServerFactory = (spec?: ServerSpec) => AzureFirewalledServer;

export function notOpenToInternetCases(rule: DbRule, server: ServerFactory): void {
  it('passes with only a narrow office rule and the Azure-services switch', () => {
    const finding = checkAzure(rule, server({ firewallRules: [OFFICE, AZURE_SERVICES] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('not open to every internet address');
  });

  it('fails on 0.0.0.0–255.255.255.255 and names the rule in the message and the trace', () => {
    const finding = checkAzure(rule, server({ firewallRules: [OFFICE, ALLOW_ALL] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('AllowAll');
    expect(finding.message).toContain('every IPv4 address');
    expect(finding.trace).toContainEqual(expect.objectContaining({ layer: 'firewall rule', ref: 'AllowAll', effect: 'grants' }));
  });

  it('fails on a range that covers every public address without starting at 0.0.0.0', () => {
    expect(checkAzure(rule, server({ firewallRules: [firewallRule('Everyone', '1.0.0.0', '223.255.255.255')] })).status).toBe('fail');
  });

  it('fails when publicNetworkAccess is not reported (Azure then keeps the endpoint on)', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: null }, firewallRules: [ALLOW_ALL] })).status).toBe('fail');
  });

  it('passes when public network access is Disabled, whatever the firewall says', () => {
    const finding = checkAzure(rule, server({ network: { publicNetworkAccess: 'Disabled' }, firewallRules: [ALLOW_ALL] }));
    expect(finding.status).toBe('pass');
    expect(finding.trace[0]).toMatchObject({ layer: 'public network access', effect: 'blocks' });
  });

  it('is unknown when the firewall rules cannot be read', () => {
    const finding = checkAzure(rule, server({ unreadable: { firewallRules: 'AuthorizationFailed' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable?.[0]).toMatchObject({ facet: 'firewallRules', code: 'AuthorizationFailed' });
  });

  it('is unknown behind a network security perimeter', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'SecuredByPerimeter' }, firewallRules: [] })).status).toBe('unknown');
  });
}

export function firewallRangesNarrowCases(rule: DbRule, server: ServerFactory): void {
  it('passes with a /16 of public addresses under the default /16', () => {
    expect(checkAzure(rule, server({ firewallRules: [OFFICE, firewallRule('Branch', '20.50.0.0', '20.50.255.255')] })).status).toBe('pass');
  });

  it('fails on a /14 and names the rule and the configured prefix', () => {
    const finding = checkAzure(rule, server({ firewallRules: [firewallRule('Partner', '20.48.0.0', '20.51.255.255')] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('Partner');
    expect(finding.message).toContain('/16');
  });

  it('follows network.maxPublicPrefix', () => {
    const spec = { firewallRules: [firewallRule('Branch', '20.50.0.0', '20.50.3.255')] };
    expect(checkAzure(rule, server(spec)).status).toBe('pass');
    const strict = checkAzure(rule, server(spec), withPrefix(24));
    expect(strict.status).toBe('fail');
    expect(strict.message).toContain('/24');
  });

  it('does not count private addresses: 10.0.0.0/8 admits nobody from the internet', () => {
    expect(checkAzure(rule, server({ firewallRules: [firewallRule('Vnet', '10.0.0.0', '10.255.255.255')] })).status).toBe('pass');
  });

  it('fails on 0.0.0.0–255.255.255.255 too', () => {
    expect(checkAzure(rule, server({ firewallRules: [ALLOW_ALL] })).status).toBe('fail');
  });

  it('passes when public network access is Disabled', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'Disabled' }, firewallRules: [ALLOW_ALL] })).status).toBe('pass');
  });

  it('is unknown when the firewall rules cannot be read, or a rule cannot be parsed', () => {
    expect(checkAzure(rule, server({ unreadable: { firewallRules: 'AuthorizationFailed' } })).status).toBe('unknown');
    expect(checkAzure(rule, server({ firewallRules: [firewallRule('Odd', '20.0.0.9', '20.0.0.1')] })).status).toBe('unknown');
  });
}

export function azureServicesAccessDisabledCases(rule: DbRule, server: ServerFactory): void {
  it('passes without a 0.0.0.0 rule', () => {
    const finding = checkAzure(rule, server({ firewallRules: [OFFICE] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('no 0.0.0.0 rule');
  });

  it('fails on the 0.0.0.0–0.0.0.0 rule and names it', () => {
    const finding = checkAzure(rule, server({ firewallRules: [OFFICE, AZURE_SERVICES] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('AllowAllWindowsAzureIps');
    expect(finding.trace).toContainEqual(expect.objectContaining({ ref: 'AllowAllWindowsAzureIps', effect: 'grants' }));
  });

  it('is not fooled by 0.0.0.0–255.255.255.255, which is a different rule', () => {
    expect(checkAzure(rule, server({ firewallRules: [ALLOW_ALL] })).status).toBe('pass');
  });

  it('passes when public network access is Disabled (the switch is not in force)', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'Disabled' }, firewallRules: [AZURE_SERVICES] })).status).toBe('pass');
  });

  it('is unknown when the firewall rules cannot be read or a perimeter decides', () => {
    expect(checkAzure(rule, server({ unreadable: { firewallRules: 'AuthorizationFailed' } })).status).toBe('unknown');
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'SecuredByPerimeter' }, firewallRules: [AZURE_SERVICES] })).status).toBe('unknown');
  });
}

export function publicNetworkAccessDisabledCases(rule: DbRule, server: ServerFactory): void {
  it('passes when public network access is Disabled', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'Disabled' } })).status).toBe('pass');
  });

  it('fails when it is Enabled, and when it is not reported (Azure default: Enabled)', () => {
    const enabled = checkAzure(rule, server());
    expect(enabled.status).toBe('fail');
    expect(enabled.message).toContain('publicNetworkAccess: Enabled');
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: null } })).status).toBe('fail');
  });

  it('passes behind a network security perimeter', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'SecuredByPerimeter' } })).status).toBe('pass');
  });

  it('needs only the server itself, not its firewall rules', () => {
    expect(checkAzure(rule, server({ omit: ['firewallRules'] })).status).toBe('fail');
  });

  it('is unknown when the server settings cannot be read', () => {
    expect(checkAzure(rule, server({ unreadable: { network: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
}

/** Flexible servers (PostgreSQL, MySQL) in private access (VNet integration) have no public endpoint at all. */
export function flexibleServerPrivateAccessNotOpenCases(rule: DbRule, server: ServerFactory): void {
  it('passes for a server in private access (VNet integration), whose firewall is not in force', () => {
    const finding = checkAzure(rule, server({ network: { publicNetworkAccess: null, delegatedSubnetResourceId: '/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/db' }, firewallRules: [ALLOW_ALL] }));
    expect(finding.status).toBe('pass');
    expect(finding.trace[0]).toMatchObject({ layer: 'virtual network', effect: 'blocks' });
  });
}

export function flexibleServerPrivateAccessPublicNetworkCases(rule: DbRule, server: ServerFactory): void {
  it('passes for a server in private access (VNet integration)', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: null, delegatedSubnetResourceId: '/subscriptions/x/subnets/db' } })).status).toBe('pass');
  });
}
