import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/mysql/azure-mysql-flexible-server-public-network-access-disabled.ts';
import { checkAzure, dbServer, type ServerSpec } from '../../../support/azure-db-factories.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.mysql.flexible-server', spec);

describe('azure-mysql-flexible-server-public-network-access-disabled', () => {
  it('passes when public network access is Disabled', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: 'Disabled' } })).status).toBe('pass');
  });

  it('fails when it is Enabled, and when it is not reported (Azure default: Enabled)', () => {
    const enabled = checkAzure(rule, server());
    expect(enabled.status).toBe('fail');
    expect(enabled.message).toContain('publicNetworkAccess: Enabled');
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: null } })).status).toBe('fail');
  });

  it('passes for a server in private access (VNet integration)', () => {
    expect(checkAzure(rule, server({ network: { publicNetworkAccess: null, delegatedSubnetResourceId: '/subscriptions/x/subnets/db' } })).status).toBe('pass');
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
});
