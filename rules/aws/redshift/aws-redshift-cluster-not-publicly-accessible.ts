import { endpointExposure } from '../../../src/analysis/db-exposure.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { RedshiftCluster } from '../../../src/inventory/aws-db.ts';

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
  evaluate: (rs, { pass, fail, ctx }) => {
    const { cluster } = rs.facets;
    const trace: TraceStep[] = [{ layer: 'endpoint', ref: `PubliclyAccessible=${cluster.publiclyAccessible}`, effect: 'note', detail: cluster.endpoint ?? 'no endpoint yet' }];
    if (!cluster.publiclyAccessible) return pass(`Redshift cluster ${rs.ref.name} is not publicly accessible.`, trace);
    const groups = rs.raw.securityGroups;
    let network = 'its security groups were not read';
    if (groups?.state === 'ok') {
      const exposure = endpointExposure({ publiclyAccessible: true, port: cluster.port, groups: groups.value }, ctx.network);
      network = exposure.verdict === 'exposed' ? `it is reachable from the internet: ${exposure.reason}` : exposure.verdict === 'firewalled' ? `its security groups keep the internet out for now: ${exposure.reason}` : exposure.reason;
      trace.push(...exposure.trace.slice(1));
    }
    return fail('public', { name: rs.ref.name, port: cluster.port, network }, trace);
  },
});
