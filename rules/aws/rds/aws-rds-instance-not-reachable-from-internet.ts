import { defineRule } from '../../../src/engine/define-rule.ts';
import type { RdsInstance } from '../../../src/inventory/aws-db.ts';
import { REACHABILITY_RISK, reachabilityOutcome } from './_network.ts';

export default defineRule<RdsInstance>()({
  meta: {
    id: 'aws-rds-instance-not-reachable-from-internet',
    resourceType: 'aws.rds.instance',
    title: 'RDS DB instance is not reachable from the internet on its database port',
    severity: 'critical',
    description:
      'Fails when the DB instance (any engine served by the RDS API: MySQL, MariaDB, PostgreSQL, Oracle, SQL Server, Db2, Aurora, DocumentDB and Neptune members) is publicly accessible AND one of its VPC security groups admits the internet on the engine port: from 0.0.0.0/0, ::/0, a managed prefix list holding such a range, or any public range wider than the configured size (`network.maxPublicPrefix`, default /16; IPv6 /32). Protocol -1 (all traffic) and port ranges count. Names the group and the rule. A prefix list that cannot be read makes the verdict unknown.',
    risk: REACHABILITY_RISK,
    remediation: {
      text: 'Turn off public accessibility (the instance then has only private addresses), or restrict the security group rule on the engine port to the addresses that need it.',
      cli: 'aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html',
    ],
    requires: ['instance', 'securityGroups'],
    messages: { reachable: '{{what}} is reachable from the internet: {{reason}}.' },
  },
  evaluate: (db, tools) => {
    const { instance, securityGroups } = db.facets;
    return reachabilityOutcome('DB instance', db.ref.name, { publiclyAccessible: instance.publiclyAccessible, port: instance.port, engine: instance.engine }, securityGroups, tools);
  },
});
