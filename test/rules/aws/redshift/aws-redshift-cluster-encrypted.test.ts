import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/redshift/aws-redshift-cluster-encrypted.ts';
import { checkDb, redshiftCluster } from '../../../support/aws-db-factories.ts';

describe('aws-redshift-cluster-encrypted', () => {
  it('passes an encrypted cluster', () => {
    expect(checkDb(rule, redshiftCluster({ encrypted: true })).status).toBe('pass');
  });

  it('fails an unencrypted cluster', () => {
    const finding = checkDb(rule, redshiftCluster({ encrypted: false }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Redshift cluster warehouse stores its data unencrypted.');
  });

  it('is unknown when the cluster could not be described', () => {
    expect(checkDb(rule, redshiftCluster({ unreadable: { cluster: 'AccessDenied' } })).status).toBe('unknown');
  });
});
