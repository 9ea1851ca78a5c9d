import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RedshiftCluster } from '../../../src/inventory/aws-db.ts';
import { REACHABILITY_RISK, reachabilityOutcome } from '../rds/_network.ts';

export default defineRule<RedshiftCluster>()({
  meta: {
    id: 'aws-redshift-cluster-not-reachable-from-internet',
    resourceType: 'aws.redshift.cluster',
    title: 'Redshift cluster is not reachable from the internet on its port',
    severity: 'critical',
    description:
      'Fails when the Redshift cluster is publicly accessible AND one of its VPC security groups admits the internet on the cluster port (default 5439): from 0.0.0.0/0, ::/0, a managed prefix list holding such a range, or any public range wider than the configured size (`network.maxPublicPrefix`, default /16; IPv6 /32). Names the group and the rule.',
    risk: REACHABILITY_RISK,
    remediation: {
      text: 'Turn off public accessibility, or restrict the security group rule on the cluster port to the addresses that need it.',
      cli: 'aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible',
    },
    references: ['https://docs.aws.amazon.com/redshift/latest/mgmt/rs-security-group-public-private.html'],
    requires: ['cluster', 'securityGroups'],
    messages: { reachable: '{{what}} is reachable from the internet: {{reason}}.' },
  },
  evaluate: (rs, tools) =>
    reachabilityOutcome('Redshift cluster', rs.ref.name, { publiclyAccessible: rs.facets.cluster.publiclyAccessible, port: rs.facets.cluster.port }, rs.facets.securityGroups, tools),
});
