import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/rds/aws-rds-instance-storage-encrypted.ts';
import { checkDb, rdsInstance } from '../../../support/aws-db-factories.ts';

describe('aws-rds-instance-storage-encrypted', () => {
  it('passes an encrypted instance', () => {
    expect(checkDb(rule, rdsInstance({ storageEncrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1' })).status).toBe('pass');
  });

  it('fails an unencrypted instance, naming the engine', () => {
    const finding = checkDb(rule, rdsInstance({ storageEncrypted: false, engine: 'postgres' }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('DB instance orders-db (postgres) stores its data unencrypted.');
  });

  it('is unknown when the instance could not be described', () => {
    expect(checkDb(rule, rdsInstance({ unreadable: { instance: 'Throttling' } })).status).toBe('unknown');
  });
});
