import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-db-snapshot-no-untrusted-account-access.ts';
import { checkDb, dbSnapshot, OWNER } from '../../../support/aws-db-factories.ts';

describe('aws-rds-db-snapshot-no-untrusted-account-access', () => {
  it('fails for an account outside the trusted set, naming it', () => {
    const finding = checkDb(rule, dbSnapshot({ restore: ['444455556666', '777788889999'] }), { trustedAccounts: new Set(['777788889999']) });
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('DB snapshot orders-snap can be restored by untrusted account(s) 444455556666.');
  });

  it('passes when every account is trusted or the owner', () => {
    expect(checkDb(rule, dbSnapshot({ restore: ['777788889999', OWNER] }), { trustedAccounts: new Set(['777788889999']) }).status).toBe('pass');
  });

  it('leaves a public share to the not-public rule', () => {
    const finding = checkDb(rule, dbSnapshot({ restore: ['all'] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('public');
  });

  it('is unknown when the attributes could not be read', () => {
    expect(checkDb(rule, dbSnapshot({ unreadable: 'DBSnapshotNotFound' })).status).toBe('unknown');
  });
});
