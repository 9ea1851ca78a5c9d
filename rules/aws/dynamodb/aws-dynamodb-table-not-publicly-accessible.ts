import { DYNAMODB_PATHS, dynamoDbTableActions, policyExposure } from '../../../src/analysis/db-exposure.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { DynamoDbTable } from '../../../src/inventory/aws-db.ts';

export default defineRule<DynamoDbTable>()({
  meta: {
    id: 'aws-dynamodb-table-not-publicly-accessible',
    resourceType: 'aws.dynamodb.table',
    title: 'DynamoDB table resource policy does not grant access to any AWS principal',
    severity: 'critical',
    description:
      "Evaluates the table's resource-based policy with the same IAM engine as S3 bucket policies (explicit Deny wins, NotPrincipal/NotAction/NotResource, conditions judged by AWS's meaning of public: fixed aws:SourceIp CIDRs other than /0, aws:SourceVpc(e), aws:PrincipalOrgID, aws:PrincipalAccount ... restrict; aws:Referer or aws:UserAgent do not). Fails when any authenticated AWS principal can call any DynamoDB action of the Service Authorization Reference that acts on the table, its indexes or its stream (read, write or delete items, export, restore or delete the table, change its settings or its policy), on any request path: signed from any account, through the caller's own VPC endpoint, as a web identity, or as an AWS service. DynamoDB only accepts signed requests, so public here means any AWS account. Request parameters such as dynamodb:LeadingKeys, dynamodb:Attributes, dynamodb:Select or dynamodb:ReturnValues are chosen by the caller and restrict nothing. DynamoDB's own Block Public Access normally rejects such a policy when it is written; a finding means that check did not apply.",
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
      targets: dynamoDbTableActions(arn).targets,
      paths: DYNAMODB_PATHS,
    });
    if (exposure.error) return unknown(`Table ${table.ref.name} has a resource policy that cannot be evaluated: ${exposure.error}.`, exposure.trace);
    if (exposure.public) return fail('public', { name: table.ref.name, who: exposure.grants.map((g) => g.detail).join('; ') }, exposure.trace, exposure.grants.find((g) => g.witness)?.witness);
    return pass(table.facets.policy === null ? `Table ${table.ref.name} has no resource policy.` : `Table ${table.ref.name}'s resource policy grants no AWS principal outside its conditions.`, exposure.trace);
  },
});
