import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/redshift/aws-redshift-cluster-not-reachable-from-internet.ts';
import { checkDb, group, ingress, officeOnly, openOn, redshiftCluster } from '../../../support/aws-db-factories.ts';

describe('aws-redshift-cluster-not-reachable-from-internet', () => {
  it('fails for a publicly accessible cluster open on 5439, naming the rule', () => {
    const finding = checkDb(rule, redshiftCluster({ publiclyAccessible: true, groups: [openOn(5439)] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('Redshift cluster warehouse (port 5439) is reachable from the internet: security group sg-open');
  });

  it('fails when a port range covers 5439', () => {
    const wide = group('sg-wide', ingress({ fromPort: 5000, toPort: 6000, ipv4: [{ cidr: '0.0.0.0/0' }] }));
    expect(checkDb(rule, redshiftCluster({ publiclyAccessible: true, groups: [wide] })).status).toBe('fail');
  });

  it('passes a firewalled public cluster and a private one', () => {
    expect(checkDb(rule, redshiftCluster({ publiclyAccessible: true, groups: [officeOnly(5439)] })).status).toBe('pass');
    expect(checkDb(rule, redshiftCluster({ publiclyAccessible: false, groups: [openOn(5439)] })).status).toBe('pass');
  });

  it('is unknown when the security groups could not be read', () => {
    expect(checkDb(rule, redshiftCluster({ publiclyAccessible: true, unreadable: { securityGroups: 'UnauthorizedOperation' } })).status).toBe('unknown');
  });
});
