import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/redshift/aws-redshift-cluster-not-publicly-accessible.ts';
import { checkDb, officeOnly, redshiftCluster } from '../../../support/aws-db-factories.ts';

describe('aws-redshift-cluster-not-publicly-accessible', () => {
  it('passes a private cluster', () => {
    expect(checkDb(rule, redshiftCluster()).status).toBe('pass');
  });

  it('fails a publicly accessible cluster, noting it is firewalled', () => {
    const finding = checkDb(rule, redshiftCluster({ publiclyAccessible: true, groups: [officeOnly(5439)] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('keep the internet out for now');
  });

  it('is unknown when the cluster could not be described', () => {
    expect(checkDb(rule, redshiftCluster({ unreadable: { cluster: 'AccessDenied' } })).status).toBe('unknown');
  });
});
