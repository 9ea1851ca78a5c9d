import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsInstance } from '../../../src/inventory/aws-db.ts';

export default defineRule<RdsInstance>()({
  meta: {
    id: 'aws-rds-instance-storage-encrypted',
    resourceType: 'aws.rds.instance',
    title: 'RDS DB instance storage is encrypted at rest',
    severity: 'medium',
    description: 'Checks StorageEncrypted on the DB instance. Instances in an Aurora, DocumentDB or Neptune cluster report the cluster setting.',
    risk: 'Unencrypted storage, its automated backups and snapshots can be read by anyone who obtains a copy, and an unencrypted snapshot can be shared publicly.',
    remediation: {
      text: 'Encryption cannot be turned on in place: take a snapshot, copy it with a KMS key, restore a new instance from the encrypted copy and switch over.',
      cli: 'aws rds copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier <snap>-encrypted --kms-key-id alias/aws/rds',
    },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
    requires: ['instance'],
    messages: { plain: 'DB instance {{name}} ({{engine}}) stores its data unencrypted.' },
  },
  evaluate: (db, { pass, fail }) => {
    const { instance } = db.facets;
    const trace = [{ layer: 'storage', ref: `StorageEncrypted=${instance.storageEncrypted}`, effect: 'note' as const, detail: instance.kmsKeyId ? `KMS key ${instance.kmsKeyId}` : 'no KMS key' }];
    return instance.storageEncrypted ? pass(`DB instance ${db.ref.name} is encrypted at rest.`, trace) : fail('plain', { name: db.ref.name, engine: instance.engine }, trace);
  },
});
