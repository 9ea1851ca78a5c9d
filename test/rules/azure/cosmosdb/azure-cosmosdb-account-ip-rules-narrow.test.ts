import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/cosmosdb/azure-cosmosdb-account-ip-rules-narrow.ts';
import { checkAzure, cosmosAccount, withPrefix } from '../../../support/azure-db-factories.ts';

describe('azure-cosmosdb-account-ip-rules-narrow', () => {
  it('passes with single addresses and a /16', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { ipRules: ['52.174.10.20', '40.112.0.0/16'] } })).status).toBe('pass');
  });

  it('fails on a /8 and names the entry', () => {
    const finding = checkAzure(rule, cosmosAccount({ network: { ipRules: ['52.174.10.20', '23.0.0.0/8'] } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('23.0.0.0/8');
  });

  it('fails when the account accepts all networks (no filter at all)', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { ipRules: [] } })).status).toBe('fail');
  });

  it('follows network.maxPublicPrefix', () => {
    const account = cosmosAccount({ network: { ipRules: ['40.112.0.0/20'] } });
    expect(checkAzure(rule, account).status).toBe('pass');
    expect(checkAzure(rule, account, withPrefix(24)).status).toBe('fail');
  });

  it('is unknown for an entry it cannot parse, or when the account cannot be read', () => {
    expect(checkAzure(rule, cosmosAccount({ network: { ipRules: ['52.174.10.20/99'] } })).status).toBe('unknown');
    expect(checkAzure(rule, cosmosAccount({ unreadable: { network: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
