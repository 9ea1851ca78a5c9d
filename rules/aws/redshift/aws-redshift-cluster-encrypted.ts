import { defineRule } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { RedshiftCluster } from '../../../src/inventory/aws-db.ts';

export default defineRule<RedshiftCluster>()({
  meta: {
    id: 'aws-redshift-cluster-encrypted',
    resourceType: 'aws.redshift.cluster',
    title: 'Redshift cluster is encrypted at rest',
    severity: 'medium',
    description: 'Checks the Encrypted setting of the Redshift cluster, which covers its data blocks, system metadata and snapshots.',
    risk: 'Unencrypted cluster storage and snapshots can be read by anyone who obtains a copy, and unencrypted snapshots can be shared without a key grant.',
    remediation: {
      text: 'Turn on encryption with an AWS KMS key; Redshift migrates the data to an encrypted cluster in place.',
      cli: 'aws redshift modify-cluster --cluster-identifier <id> --encrypted --kms-key-id <key-id>',
    },
    references: ['https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html'],
    requires: ['cluster'],
    messages: { plain: 'Redshift cluster {{name}} stores its data unencrypted.' },
  },
  evaluate: (rs, { pass, fail }) => {
    const trace: TraceStep[] = [{ layer: 'storage', ref: `Encrypted=${rs.facets.cluster.encrypted}`, effect: 'note', detail: rs.facets.cluster.encrypted ? 'data blocks and snapshots are encrypted' : 'no encryption at rest' }];
    return rs.facets.cluster.encrypted ? pass(`Redshift cluster ${rs.ref.name} is encrypted at rest.`, trace) : fail('plain', { name: rs.ref.name }, trace);
  },
});
