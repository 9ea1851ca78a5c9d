import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/sql/azure-sql-server-firewall-ranges-narrow.ts';
import { checkAzure, dbServer, firewallRule, type ServerSpec } from '../../../support/azure-db-factories.ts';
import { firewallRangesNarrowCases } from '../../../support/azure-db-rule-cases.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.sql.server', spec);

describe('azure-sql-server-firewall-ranges-narrow', () => {
  firewallRangesNarrowCases(rule, server);

  it('measures IPv6 rules against network.maxPublicPrefixV6', () => {
    const spec = { ipv6FirewallRules: [firewallRule('IspV6', '2a01:110::', '2a01:11f:ffff:ffff:ffff:ffff:ffff:ffff')] };
    const finding = checkAzure(rule, server(spec));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('/32');
    expect(checkAzure(rule, server(spec), { network: { maxPublicPrefix: 16, maxPublicPrefixV6: 24 } }).status).toBe('pass');
  });
});
