import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-firewall-ranges-narrow.ts';
import { ALLOW_ALL, checkAzure, dbServer, firewallRule, OFFICE, withPrefix, type ServerSpec } from '../../../support/azure-db-factories.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-firewall-ranges-narrow', () => {
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

  it('measures IPv6 rules against network.maxPublicPrefixV6', () => {
    const spec = { ipv6FirewallRules: [firewallRule('IspV6', '2a01:110::', '2a01:11f:ffff:ffff:ffff:ffff:ffff:ffff')] };
    const finding = checkAzure(rule, server(spec));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('/32');
    expect(checkAzure(rule, server(spec), { network: { maxPublicPrefix: 16, maxPublicPrefixV6: 24 } }).status).toBe('pass');
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
});
