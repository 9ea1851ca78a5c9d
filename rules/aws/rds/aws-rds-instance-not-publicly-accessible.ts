import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsInstance } from '../../../src/inventory/aws-db.ts';
import { publicAccessOutcome } from './_network.ts';

export default defineRule<RdsInstance>()({
  meta: {
    id: 'aws-rds-instance-not-publicly-accessible',
    resourceType: 'aws.rds.instance',
    title: 'RDS DB instance is not publicly accessible',
    severity: 'medium',
    description:
      'Fails when the DB instance has PubliclyAccessible set, so its endpoint resolves to a public address. Only the security groups then stand between the database and the internet; when they also admit the internet, aws-rds-instance-not-reachable-from-internet fails as well. This finding is the lower-severity one for a publicly accessible instance that its security groups currently firewall.',
    risk: 'One security group change (often made for a quick test) is all it takes to put the database on the internet.',
    remediation: {
      text: 'Turn off public accessibility and reach the database through the VPC (VPN, bastion, Session Manager port forwarding, PrivateLink).',
      cli: 'aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately',
    },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding'],
    requires: ['instance'],
    optional: ['securityGroups'],
    messages: { public: 'DB instance {{name}} is publicly accessible on port {{port}}; {{network}}.' },
  },
  evaluate: (db, tools) => publicAccessOutcome('DB instance', db.ref.name, db.facets.instance, db.raw.securityGroups, tools),
});
