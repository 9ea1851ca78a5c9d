import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RedshiftCluster } from '../../../src/inventory/aws-db.ts';
import { publicAccessOutcome } from '../rds/_network.ts';

export default defineRule<RedshiftCluster>()({
  meta: {
    id: 'aws-redshift-cluster-not-publicly-accessible',
    resourceType: 'aws.redshift.cluster',
    title: 'Redshift cluster is not publicly accessible',
    severity: 'medium',
    description:
      'Fails when the Redshift cluster has PubliclyAccessible set. When its security groups also admit the internet, aws-redshift-cluster-not-reachable-from-internet fails as well; this is the lower-severity finding for a publicly accessible cluster that is firewalled for now.',
    risk: 'One security group change is all it takes to put the warehouse on the internet.',
    remediation: { text: 'Turn off public accessibility and connect through the VPC.', cli: 'aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible' },
    references: ['https://docs.aws.amazon.com/redshift/latest/mgmt/rs-security-group-public-private.html'],
    requires: ['cluster'],
    optional: ['securityGroups'],
    messages: { public: 'Redshift cluster {{name}} is publicly accessible on port {{port}}; {{network}}.' },
  },
  evaluate: (rs, tools) => publicAccessOutcome('Redshift cluster', rs.ref.name, rs.facets.cluster, rs.raw.securityGroups, tools),
});
