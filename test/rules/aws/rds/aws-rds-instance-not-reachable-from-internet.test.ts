import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-instance-not-reachable-from-internet.ts';
import { checkDb, group, ingress, officeOnly, openOn, rdsInstance } from '../../../support/aws-db-factories.ts';

describe('aws-rds-instance-not-reachable-from-internet', () => {
  it('fails for a publicly accessible instance whose group admits 0.0.0.0/0 on the engine port, naming the group and rule', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, groups: [openOn(3306)] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('sg-open (sg-open-name) allows tcp port 3306 from 0.0.0.0/0');
    expect(finding.trace.map((s) => s.layer)).toEqual(['endpoint', 'security group']);
  });

  it('fails on ::/0 through an all-traffic rule for a PostgreSQL port', () => {
    const all = group('sg-all', ingress({ protocol: '-1', ipv6: [{ cidr: '::/0' }] }));
    const finding = checkDb(rule, rdsInstance({ engine: 'postgres', port: 5432, publiclyAccessible: true, groups: [all] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('::/0');
  });

  it('fails on a public range wider than the configured size and passes once the size allows it', () => {
    const db = rdsInstance({ publiclyAccessible: true, groups: [openOn(3306, '52.0.0.0/12')] });
    expect(checkDb(rule, db).status).toBe('fail');
    expect(checkDb(rule, db, { network: { maxPublicPrefix: 8, maxPublicPrefixV6: 32 } }).status).toBe('pass');
  });

  it('passes a publicly accessible instance that its groups firewall, saying so', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, groups: [officeOnly(3306)] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('publicly accessible but firewalled');
    expect(finding.message).toContain('open port 3306 only to 54.239.1.0/24 (public, no wider than a /16)');
  });

  it('passes a private instance even behind an open group', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: false, groups: [openOn(3306)] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('not publicly accessible');
  });

  it('passes when the open rule is on another port than the engine listens on', () => {
    expect(checkDb(rule, rdsInstance({ publiclyAccessible: true, port: 3307, groups: [openOn(3306)] })).status).toBe('pass');
  });

  it('is unknown when a prefix list on a matching rule could not be read', () => {
    const listed = group('sg-pl', ingress({ fromPort: 3306, toPort: 3306, prefixLists: [{ id: 'pl-1', unreadable: 'GetManagedPrefixListEntries failed with AccessDenied' }] }));
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, groups: [listed] }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('pl-1');
  });

  it('is unknown when the security groups could not be read', () => {
    const finding = checkDb(rule, rdsInstance({ publiclyAccessible: true, unreadable: { securityGroups: 'UnauthorizedOperation' } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('DescribeSecurityGroups failed with UnauthorizedOperation');
  });
});
