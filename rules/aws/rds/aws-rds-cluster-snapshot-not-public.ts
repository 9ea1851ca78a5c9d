import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsClusterSnapshot } from '../../../src/inventory/aws-db.ts';
import { PUBLIC_SNAPSHOT_RISK, publicSnapshotOutcome } from './_snapshot.ts';

export default defineRule<RdsClusterSnapshot>()({
  meta: {
    id: 'aws-rds-cluster-snapshot-not-public',
    resourceType: 'aws.rds.cluster-snapshot',
    title: 'RDS DB cluster snapshot is not public',
    severity: 'critical',
    description: 'Fails when the restore attribute of the DB cluster snapshot contains `all`, which lets every AWS account copy or restore it. Covers every engine the RDS API serves (Aurora, DocumentDB and Neptune included). Automated snapshots cannot be shared and are passed without a call.',
    risk: PUBLIC_SNAPSHOT_RISK,
    remediation: { text: 'Remove `all` from the snapshot restore attribute; share with named accounts only, and encrypt snapshots so they cannot be made public.', cli: 'aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <id> --attribute-name restore --values-to-remove all' },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-share-snapshot.html'],
    requires: ['snapshot', 'restoreAccounts'],
    messages: { public: 'DB cluster snapshot {{name}} ({{encrypted}}) can be restored by any AWS account (restore attribute: all).' },
  },
  evaluate: (snapshot, tools) => publicSnapshotOutcome('DB cluster snapshot', snapshot.ref, snapshot.facets, tools),
});
