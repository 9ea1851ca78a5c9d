import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-cluster-storage-encrypted.ts';
import { checkDb, rdsCluster } from '../../../support/aws-db-factories.ts';

describe('aws-rds-cluster-storage-encrypted', () => {
  it('passes an encrypted Aurora cluster', () => {
    expect(checkDb(rule, rdsCluster({ storageEncrypted: true })).status).toBe('pass');
  });

  it.each(['neptune', 'docdb', 'aurora-mysql'])('fails an unencrypted %s cluster', (engine) => {
    const finding = checkDb(rule, rdsCluster({ engine, storageEncrypted: false }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(`(${engine})`);
  });

  it('is unknown when the cluster could not be described', () => {
    expect(checkDb(rule, rdsCluster({ unreadable: 'AccessDenied' })).status).toBe('unknown');
  });
});
