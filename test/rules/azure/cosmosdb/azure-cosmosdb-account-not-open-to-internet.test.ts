import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/cosmosdb/azure-cosmosdb-account-not-open-to-internet.ts';
import { checkAzure, cosmosAccount } from '../../../support/azure-db-factories.ts';

describe('azure-cosmosdb-account-not-open-to-internet', () => {
  it('passes with a narrow IP filter', () => {
    expect(checkAzure(rule, cosmosAccount()).status).toBe('pass');
  });

  it('fails with public access and neither an IP nor a virtual network filter', () => {
    const finding = checkAzure(rule, cosmosAccount({ network: { ipRules: [] } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('all networks are accepted');
    expect(finding.trace).toContainEqual(expect.objectContaining({ layer: 'IP firewall', effect: 'grants' }));
  });

  it('fails on an IP rule of 0.0.0.0/0', () => {
    const finding = checkAzure(rule, cosmosAccount({ network: { ipRules: ['0.0.0.0/0'] } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('0.0.0.0/0');
  });

  it('passes with only the virtual network filter (subnets are not the internet)', () => {
    const finding = checkAzure(rule, cosmosAccount({ network: { ipRules: [], isVirtualNetworkFilterEnabled: true, virtualNetworkRules: ['/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/app'] } }));
    expect(finding.status).toBe('pass');
  });

  it('passes when public network access is Disabled, even with no filter', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { publicNetworkAccess: 'Disabled', ipRules: [] } })).status).toBe('pass');
  });

  it('is unknown behind a network security perimeter, or when the account cannot be read', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { publicNetworkAccess: 'SecuredByPerimeter', ipRules: [] } })).status).toBe('unknown');
    expect(checkAzure(rule, cosmosAccount({ unreadable: { network: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
