/**
 * The database part of the demo estate, seeded into moto through the AWS SDK (us-east-1, the
 * region the demo scans). Returns one line per resource for the demo's description.
 *
 *   learning-lodge-db   like VTech's Learning Lodge database: MySQL, publicly accessible, and a
 *                       security group open to 0.0.0.0/0 on 3306
 *   reporting-replica   publicly accessible but firewalled to one office range (lower severity)
 *   kids-profiles-2015  a manual snapshot anyone can restore (restore attribute: all)
 *   parent-accounts     DynamoDB table whose resource policy lets any AWS principal read it
 *   app-logs            OpenSearch domain with an open access policy and no fine-grained access control
 */
import { dbSeeder, EMULATOR_ACCOUNT } from './aws-seed.ts';

export async function seedAwsDbDemo(endpoint: string): Promise<string[]> {
  const seed = dbSeeder(endpoint, 'us-east-1');
  try {
    const open = await seed.securityGroup('learning-lodge-sg', [{ fromPort: 3306, toPort: 3306, cidrs: ['0.0.0.0/0'] }]);
    const office = await seed.securityGroup('reporting-office-only', [{ fromPort: 3306, toPort: 3306, cidrs: ['54.239.1.0/24'] }]);
    await seed.rdsInstance({ id: 'learning-lodge-db', publiclyAccessible: true, securityGroupIds: [open] });
    await seed.rdsInstance({ id: 'reporting-replica', publiclyAccessible: true, securityGroupIds: [office], encrypted: true });
    await seed.dbSnapshot('learning-lodge-db', 'kids-profiles-2015', ['all']);
    await seed.dynamoTable('parent-accounts', (arn) => ({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PartnerLookups', Effect: 'Allow', Principal: '*', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: arn }],
    }));
    await seed.openSearchDomain({
      name: 'app-logs',
      policy: (arn) => ({ Version: '2012-10-17', Statement: [{ Sid: 'OpenDashboards', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:ESHttp*', Resource: `${arn}/*` }] }),
    });
    return [
      'learning-lodge-db   RDS MySQL like VTech\'s Learning Lodge: publicly accessible, security group open to 0.0.0.0/0 on 3306',
      'reporting-replica   RDS MySQL, publicly accessible but firewalled to one office range',
      'kids-profiles-2015  DB snapshot that any AWS account can restore (restore attribute: all)',
      `parent-accounts     DynamoDB table readable by any AWS principal (resource policy, account ${EMULATOR_ACCOUNT})`,
      'app-logs            OpenSearch domain with an open access policy and no fine-grained access control',
    ];
  } finally {
    seed.close();
  }
}
