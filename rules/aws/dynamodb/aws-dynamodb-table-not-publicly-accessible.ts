import { policyExposure } from '../../../src/analysis/db-exposure.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { DynamoDbTable } from '../../../src/inventory/aws-db.ts';

/** Data-plane and control-plane actions that matter to an outsider; any one makes the table public. */
const ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:DeleteTable',
  'dynamodb:PutResourcePolicy',
  'dynamodb:GetRecords',
] as const;

export default defineRule<DynamoDbTable>()({
  meta: {
    id: 'aws-dynamodb-table-not-publicly-accessible',
    resourceType: 'aws.dynamodb.table',
    title: 'DynamoDB table resource policy does not grant access to any AWS principal',
    severity: 'critical',
    description:
      "Evaluates the table's resource-based policy with the same IAM engine as S3 bucket policies (explicit Deny wins, NotPrincipal/NotAction/NotResource, conditions judged by AWS's meaning of public: fixed aws:SourceIp CIDRs other than /0, aws:SourceVpc(e), aws:PrincipalOrgID, aws:PrincipalAccount ... restrict; aws:Referer or aws:UserAgent do not). Fails when any authenticated AWS principal can read, write or delete items, export or delete the table, or change its policy, on the table, its indexes or its stream. DynamoDB only accepts signed requests, so public here means any AWS account. DynamoDB's own Block Public Access normally rejects such a policy when it is written; a finding means that check did not apply.",
    risk: 'Anyone with an AWS account can read or change the table data.',
    remediation: {
      text: 'Replace the wildcard principal with the accounts or roles that need access, or add a condition on aws:PrincipalOrgID or aws:SourceVpce.',
      cli: 'aws dynamodb put-resource-policy --resource-arn <table-arn> --policy file://policy.json',
    },
    references: [
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html',
    ],
    requires: ['policy'],
    messages: {
      public: 'Table {{name}} is open to outsiders: {{who}}.',
      invalid: 'Table {{name}} has a resource policy that cannot be evaluated: {{error}}.',
    },
  },
  evaluate: (table, { pass, fail, unknown }) => {
    const arn = table.ref.id;
    const exposure = policyExposure(table.facets.policy, {
      layer: 'table resource policy',
      actions: ACTIONS,
      resources: [arn, `${arn}/index/any-index`, `${arn}/stream/any-stream`],
      audiences: ['authenticated'],
    });
    if (exposure.error) return unknown(`Table ${table.ref.name} has a resource policy that cannot be evaluated: ${exposure.error}.`, exposure.trace);
    if (exposure.public) return fail('public', { name: table.ref.name, who: exposure.grants.map((g) => g.detail).join('; ') }, exposure.trace);
    return pass(table.facets.policy === null ? `Table ${table.ref.name} has no resource policy.` : `Table ${table.ref.name}'s resource policy grants no AWS principal outside its conditions.`, exposure.trace);
  },
});
