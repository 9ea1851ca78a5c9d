import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/postgresql/azure-postgresql-flexible-server-azure-services-access-disabled.ts';
import { ALLOW_ALL, AZURE_SERVICES, checkAzure, dbServer, OFFICE, type ServerSpec } from '../../../support/azure-db-factories.ts';

const server = (spec: ServerSpec = {}) => dbServer('azure.postgresql.flexible-server', spec);

describe('azure-postgresql-flexible-server-azure-services-access-disabled', () => {
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
});
