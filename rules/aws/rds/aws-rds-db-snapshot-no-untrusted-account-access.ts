import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsDbSnapshot } from '../../../src/inventory/aws-db.ts';
import { SHARED_SNAPSHOT_RISK, untrustedSnapshotOutcome } from './_snapshot.ts';

export default defineRule<RdsDbSnapshot>()({
  meta: {
    id: 'aws-rds-db-snapshot-no-untrusted-account-access',
    resourceType: 'aws.rds.db-snapshot',
    title: 'RDS DB snapshot is shared only with trusted accounts',
    severity: 'high',
    description: 'Lists the AWS accounts named in the restore attribute of the DB snapshot and fails for those that are neither the owner nor in the configured trusted accounts (`trustedAccounts` in the config file, or --trusted-account).',
    risk: SHARED_SNAPSHOT_RISK,
    remediation: { text: 'Remove accounts that no longer need the snapshot from its restore attribute, or add the account to trustedAccounts once the share has been reviewed.', cli: 'aws rds modify-db-snapshot-attribute --db-snapshot-identifier <id> --attribute-name restore --values-to-remove <account-id>' },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html'],
    requires: ['snapshot', 'restoreAccounts'],
    messages: { shared: 'DB snapshot {{name}} can be restored by untrusted account(s) {{accounts}}.' },
  },
  evaluate: (snapshot, tools) => untrustedSnapshotOutcome('DB snapshot', snapshot.ref, snapshot.facets, tools),
});
