import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-instance-not-publicly-accessible.ts';
import { checkDb, officeOnly, openOn, rdsInstance } from '../../../support/aws-db-factories.ts';

describe('aws-rds-instance-not-publicly-accessible', () => {
  it('passes a private instance', () => {
    expect(checkDb(rule, rdsInstance()).status).toBe('pass');
  });

  it('fails a publicly accessible but firewalled instance, saying it is firewalled', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, groups: [officeOnly(3306)] }));
    expect(finding.status).toBe('fail');
    expect(finding.severity).toBe('medium');
    expect(finding.message).toContain('keep the internet out for now');
  });

  it('fails an exposed instance too, saying it is reachable', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, groups: [openOn(3306)] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('reachable from the internet');
  });

  it('still decides when only the security groups are unreadable (they are optional here)', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, unreadable: { securityGroups: 'AccessDenied' } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('security groups were not read');
  });

  it('is unknown when the instance could not be described', () => {
    expect(checkDb(rule, rdsInstance({ unreadable: { instance: 'AccessDenied' } })).status).toBe('unknown');
  });
});
