import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/cosmosdb/azure-cosmosdb-account-azure-datacenter-access-disabled.ts';
import { checkAzure, cosmosAccount } from '../../../support/azure-db-factories.ts';

describe('azure-cosmosdb-account-azure-datacenter-access-disabled', () => {
  it('passes without a 0.0.0.0 entry', () => {
    expect(checkAzure(rule, cosmosAccount()).status).toBe('pass');
  });

  it('fails on the 0.0.0.0 entry', () => {
    const finding = checkAzure(rule, cosmosAccount({ network: { ipRules: ['52.174.10.20', '0.0.0.0'] } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('IP rule 0.0.0.0');
  });

  it('does not read 0.0.0.0/0 as the datacenter switch', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { ipRules: ['0.0.0.0/0'] } })).status).toBe('pass');
  });

  it('passes when public network access is Disabled', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { publicNetworkAccess: 'Disabled', ipRules: ['0.0.0.0'] } })).status).toBe('pass');
  });

  it('is unknown when the account cannot be read', () => {
    expect(checkAzure(rule, cosmosAccount({ unreadable: { network: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
