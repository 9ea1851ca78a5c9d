import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/cosmosdb/azure-cosmosdb-account-public-network-access-disabled.ts';
import { checkAzure, cosmosAccount } from '../../../support/azure-db-factories.ts';

describe('azure-cosmosdb-account-public-network-access-disabled', () => {
  it('passes when public network access is Disabled', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { publicNetworkAccess: 'Disabled' } })).status).toBe('pass');
  });

  it('fails when it is Enabled, with or without filters', () => {
    const finding = checkAzure(rule, cosmosAccount());
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('publicNetworkAccess: Enabled');
    expect(checkAzure(rule, cosmosAccount({ network: { ipRules: [] } })).status).toBe('fail');
  });

  it('passes behind a network security perimeter', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { publicNetworkAccess: 'SecuredByPerimeter' } })).status).toBe('pass');
  });

  it('is unknown when the account cannot be read', () => {
    expect(checkAzure(rule, cosmosAccount({ unreadable: { network: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
