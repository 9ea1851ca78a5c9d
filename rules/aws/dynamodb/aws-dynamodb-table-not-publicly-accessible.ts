import { DYNAMODB_PATHS, dynamoDbTableActions, inertGrants, policyExposure } from '../../../src/analysis/db-exposure.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { DynamoDbTable } from '../../../src/inventory/aws-db.ts';

/** DynamoDB DG, "DynamoDB API operations supported by resource-based policies" (rbac-iam-actions.html). */
const INERT = 'DynamoDB does not let a resource policy grant these actions to another account (owner account only, or not supported by resource-based policies)';

export default defineRule<DynamoDbTable>()({
  meta: {
    id: 'aws-dynamodb-table-not-publicly-accessible',
    resourceType: 'aws.dynamodb.table',
    title: 'DynamoDB table resource policy does not grant access to any AWS principal',
    severity: 'critical',
    description:
      "Evaluates the table's resource-based policy with the same IAM engine as S3 bucket policies (explicit Deny wins, NotPrincipal/NotAction/NotResource, conditions judged by AWS's meaning of public: fixed aws:SourceIp CIDRs other than /0, aws:SourceVpc(e), aws:PrincipalOrgID, aws:PrincipalAccount ... restrict; aws:Referer or aws:UserAgent do not). Fails when any authenticated AWS principal can call any DynamoDB action of the Service Authorization Reference that acts on the table, its indexes or its stream and that a resource policy can grant to another account (read, write or delete items, read the stream, describe, update or delete the table, change its tags), on any request path: signed from any account, through the caller's own VPC endpoint, as a web identity, or as an AWS service. DynamoDB only accepts signed requests, so public here means any AWS account. Actions DynamoDB serves through a resource policy to the owner account only (PartiQL, TTL, Kinesis streaming destinations, point-in-time recovery, backups, exports, contributor insights, the resource-policy calls) or not at all (CreateTable, ImportTable, legacy global tables) do not make a table public; a public grant of only those is named in the trace. Request parameters such as dynamodb:LeadingKeys, dynamodb:Attributes, dynamodb:Select or dynamodb:ReturnValues are chosen by the caller and restrict nothing. DynamoDB's own Block Public Access normally rejects such a policy when it is written; a finding means that check did not apply.",
    risk: 'Anyone with an AWS account can read or change the table data.',
    remediation: {
      text: 'Replace the wildcard principal with the accounts or roles that need access, or add a condition on aws:PrincipalOrgID or aws:SourceVpce.',
      cli: 'aws dynamodb put-resource-policy --resource-arn <table-arn> --policy file://policy.json',
    },
    references: [
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html',
    ],
    requires: ['policy'],
    messages: {
      public: 'Table {{name}} is open to outsiders: {{who}}.',
      invalid: 'Table {{name}} has a resource policy that cannot be evaluated: {{error}}.',
    },
  },
  evaluate: (table, { pass, fail, unknown }) => {
    const actions = dynamoDbTableActions(table.ref.id);
    const layer = 'table resource policy';
    const exposure = policyExposure(table.facets.policy, { layer, targets: actions.targets, paths: DYNAMODB_PATHS });
    if (exposure.error) return unknown(`Table ${table.ref.name} has a resource policy that cannot be evaluated: ${exposure.error}.`, exposure.trace);
    const trace = [...exposure.trace, ...inertGrants(table.facets.policy, { layer, targets: actions.setAside, paths: DYNAMODB_PATHS }, exposure.grants.map((g) => g.ref), INERT)];
    if (exposure.public) return fail('public', { name: table.ref.name, who: exposure.grants.map((g) => g.detail).join('; ') }, trace, exposure.grants.find((g) => g.witness)?.witness);
    return pass(table.facets.policy === null ? `Table ${table.ref.name} has no resource policy.` : `Table ${table.ref.name}'s resource policy grants no AWS principal outside its conditions.`, trace);
  },
});
