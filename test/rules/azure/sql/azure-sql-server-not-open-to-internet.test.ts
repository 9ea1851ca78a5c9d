import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-not-open-to-internet.ts';
import { checkAzure, dbServer, firewallRule, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { notOpenToInternetCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-not-open-to-internet', () => {
  notOpenToInternetCases(rule, server);

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
});
