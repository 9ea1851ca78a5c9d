import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsClusterSnapshot } from '../../../src/inventory/aws-db.ts';
import { SHARED_SNAPSHOT_RISK, untrustedSnapshotOutcome } from './_snapshot.ts';

export default defineRule<RdsClusterSnapshot>()({
  meta: {
    id: 'aws-rds-cluster-snapshot-no-untrusted-account-access',
    resourceType: 'aws.rds.cluster-snapshot',
    title: 'RDS DB cluster snapshot is shared only with trusted accounts',
    severity: 'high',
    description: 'Lists the AWS accounts named in the restore attribute of the DB cluster snapshot and fails for those that are neither the owner nor in the configured trusted accounts (`trustedAccounts` in the config file, or --trusted-account).',
    risk: SHARED_SNAPSHOT_RISK,
    remediation: { text: 'Remove accounts that no longer need the snapshot from its restore attribute, or add the account to trustedAccounts once the share has been reviewed.', cli: 'aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <id> --attribute-name restore --values-to-remove <account-id>' },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-share-snapshot.html'],
    requires: ['snapshot', 'restoreAccounts'],
    messages: { shared: 'DB cluster snapshot {{name}} can be restored by untrusted account(s) {{accounts}}.' },
  },
  evaluate: (snapshot, tools) => untrustedSnapshotOutcome('DB cluster snapshot', snapshot.ref, snapshot.facets, tools),
});
