import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-db-snapshot-not-public.ts';
import { checkDb, dbSnapshot } from '../../../support/aws-db-factories.ts';

describe('aws-rds-db-snapshot-not-public', () => {
  it('fails when the restore attribute holds all', () => {
    const finding = checkDb(rule, dbSnapshot({ restore: ['all'] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('can be restored by any AWS account');
    expect(finding.trace[0]).toMatchObject({ layer: 'snapshot attribute', ref: 'restore', effect: 'grants' });
  });

  it('passes a snapshot shared with named accounts only', () => {
    expect(checkDb(rule, dbSnapshot({ restore: ['444455556666'] })).status).toBe('pass');
  });

  it('passes an unshared snapshot', () => {
    expect(checkDb(rule, dbSnapshot()).status).toBe('pass');
  });

  it('is unknown when the attributes could not be read', () => {
    const finding = checkDb(rule, dbSnapshot({ unreadable: 'AccessDenied' }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('AccessDenied');
  });
});
