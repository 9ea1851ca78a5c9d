import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsDbSnapshot } from '../../../src/inventory/aws-db.ts';
import { PUBLIC_SNAPSHOT_RISK, publicSnapshotOutcome } from './_snapshot.ts';

export default defineRule<RdsDbSnapshot>()({
  meta: {
    id: 'aws-rds-db-snapshot-not-public',
    resourceType: 'aws.rds.db-snapshot',
    title: 'RDS DB snapshot is not public',
    severity: 'critical',
    description: 'Fails when the restore attribute of the DB snapshot contains `all`, which lets every AWS account copy or restore it. Covers every engine the RDS API serves (Aurora, DocumentDB and Neptune included). Automated snapshots cannot be shared and are passed without a call.',
    risk: PUBLIC_SNAPSHOT_RISK,
    remediation: { text: 'Remove `all` from the snapshot restore attribute; share with named accounts only, and encrypt snapshots so they cannot be made public.', cli: 'aws rds modify-db-snapshot-attribute --db-snapshot-identifier <id> --attribute-name restore --values-to-remove all' },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html'],
    requires: ['snapshot', 'restoreAccounts'],
    messages: { public: 'DB snapshot {{name}} ({{encrypted}}) can be restored by any AWS account (restore attribute: all).' },
  },
  evaluate: (snapshot, tools) => publicSnapshotOutcome('DB snapshot', snapshot.ref, snapshot.facets, tools),
});
