import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-not-open-to-internet.ts';
import { ALLOW_ALL, AZURE_SERVICES, checkAzure, dbServer, firewallRule, OFFICE, type ServerSpec } from '../../../support/azure-db-factories.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-not-open-to-internet', () => {
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

  it('fails on an IPv6 rule admitting every IPv6 address', () => {
    const finding = checkAzure(rule, server({ ipv6FirewallRules: [firewallRule('AllowAllV6', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('AllowAllV6');
  });

  it('is unknown when the IPv6 firewall rules cannot be read', () => {
    const finding = checkAzure(rule, server({ unreadable: { ipv6FirewallRules: 'AuthorizationFailed' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable?.[0]).toMatchObject({ facet: 'ipv6FirewallRules', operation: 'Microsoft.Sql/servers/ipv6FirewallRules:list' });
  });

  it('is unknown when the firewall rules cannot be read', () => {
    const finding = checkAzure(rule, server({ unreadable: { firewallRules: 'AuthorizationFailed' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable?.[0]).toMatchObject({ facet: 'firewallRules', code: 'AuthorizationFailed' });
  });

  it('is unknown behind a network security perimeter', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'SecuredByPerimeter' }, firewallRules: [] })).status).toBe('unknown');
  });
});
