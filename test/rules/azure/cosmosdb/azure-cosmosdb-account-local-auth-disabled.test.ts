import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/azure/cosmosdb/azure-cosmosdb-account-local-auth-disabled.ts';
import { checkAzure, cosmosAccount } from '../../../support/azure-db-factories.ts';

describe('azure-cosmosdb-account-local-auth-disabled', () => {
  it('passes when disableLocalAuth is true', () => {
    expect(checkAzure(rule, cosmosAccount({ disableLocalAuth: true })).status).toBe('pass');
  });

  it('fails when account keys are accepted', () => {
    const finding = checkAzure(rule, cosmosAccount({ disableLocalAuth: false }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('orders-cosmos');
    expect(finding.trace[0]).toMatchObject({ layer: 'local authentication', effect: 'grants' });
  });

  it('does not need the network settings', () => {
    expect(checkAzure(rule, cosmosAccount({ disableLocalAuth: false, omit: ['network'] })).status).toBe('fail');
  });

  it('is unknown when the account cannot be read', () => {
    expect(checkAzure(rule, cosmosAccount({ unreadable: { authentication: 'AuthorizationFailed' } })).status).toBe('unknown');
  });
});
