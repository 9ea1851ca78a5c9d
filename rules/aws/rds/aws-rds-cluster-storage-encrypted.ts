import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsCluster } from '../../../src/inventory/aws-db.ts';

export default defineRule<RdsCluster>()({
  meta: {
    id: 'aws-rds-cluster-storage-encrypted',
    resourceType: 'aws.rds.cluster',
    title: 'RDS DB cluster (Aurora, DocumentDB, Neptune, Multi-AZ) storage is encrypted at rest',
    severity: 'medium',
    description: 'Checks StorageEncrypted on every DB cluster the RDS API returns, whatever its engine (aurora-mysql, aurora-postgresql, docdb, neptune, or a Multi-AZ DB cluster).',
    risk: 'Unencrypted cluster volumes, backups and snapshots can be read by anyone who obtains a copy, and an unencrypted snapshot can be shared publicly.',
    remediation: {
      text: 'Encryption cannot be turned on in place: snapshot the cluster, restore it into a new encrypted cluster (or copy the snapshot with a KMS key) and switch over.',
      cli: 'aws rds restore-db-cluster-from-snapshot --db-cluster-identifier <new-id> --snapshot-identifier <snap> --engine <engine> --kms-key-id alias/aws/rds',
    },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html'],
    requires: ['cluster'],
    messages: { plain: 'DB cluster {{name}} ({{engine}}) stores its data unencrypted.' },
  },
  evaluate: (db, { pass, fail }) => {
    const { cluster } = db.facets;
    const trace = [{ layer: 'storage', ref: `StorageEncrypted=${cluster.storageEncrypted}`, effect: 'note' as const, detail: cluster.kmsKeyId ? `KMS key ${cluster.kmsKeyId}` : 'no KMS key' }];
    return cluster.storageEncrypted ? pass(`DB cluster ${db.ref.name} is encrypted at rest.`, trace) : fail('plain', { name: db.ref.name, engine: cluster.engine }, trace);
  },
});
