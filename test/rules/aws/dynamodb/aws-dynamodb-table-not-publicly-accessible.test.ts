import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/dynamodb/aws-dynamodb-table-not-publicly-accessible.ts';
import { allowAll, checkDb, dynamoTable, tableArn } from '../../../support/aws-db-factories.ts';

describe('aws-dynamodb-table-not-publicly-accessible', () => {
  it('passes a table without a resource policy', () => {
    const finding = checkDb(rule, dynamoTable());
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('no resource policy');
  });

  it('fails a policy granting GetItem to every principal, naming the Sid', () => {
    const finding = checkDb(rule, dynamoTable({ policy: (arn) => allowAll('dynamodb:GetItem', arn) }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('any authenticated AWS principal is allowed dynamodb:GetItem by Sid "Open"');
  });

  it('fails a wildcard action on the index resources', () => {
    expect(checkDb(rule, dynamoTable({ policy: (arn) => allowAll('dynamodb:*', `${arn}/index/*`) })).status).toBe('fail');
  });

  it('treats an aws:UserAgent condition as no restriction', () => {
    const finding = checkDb(rule, dynamoTable({ policy: (arn) => allowAll('dynamodb:Query', arn, { Condition: { StringLike: { 'aws:UserAgent': 'my-app/*' } } }) }));
    expect(finding.status).toBe('fail');
    expect(finding.trace.map((s) => s.detail).join('\n')).toContain('aws:UserAgent');
  });

  it('passes when the grant is limited to an organisation', () => {
    const policy = (arn: string) => allowAll('dynamodb:GetItem', arn, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } });
    expect(checkDb(rule, dynamoTable({ policy })).status).toBe('pass');
  });

  it('passes when an explicit Deny for everyone outside the account covers the Allow', () => {
    const policy = (arn: string) => ({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: arn },
        { Sid: 'OnlyMine', Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: arn, Condition: { StringNotEquals: { 'aws:PrincipalAccount': '123456789012' } } },
      ],
    });
    expect(checkDb(rule, dynamoTable({ policy })).status).toBe('pass');
  });

  it('passes a grant to a named account (not public)', () => {
    const policy = (arn: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'dynamodb:GetItem', Resource: arn }] });
    expect(checkDb(rule, dynamoTable({ policy })).status).toBe('pass');
  });

  it('is unknown when the policy could not be read or parsed', () => {
    expect(checkDb(rule, dynamoTable({ unreadable: 'AccessDeniedException' })).status).toBe('unknown');
    expect(checkDb(rule, dynamoTable({ policy: () => '{not json' })).status).toBe('unknown');
  });

  // Service Authorization Reference, DynamoDB (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html):
  // UpdateTable and TagResource act on the table; neither was in the rule's old hand list. DynamoDB DG,
  // "DynamoDB API operations supported by resource-based policies" (rbac-iam-actions.html): both are
  // "Cross-account support: Yes".
  it('fails a public grant of an action outside the old hand list, with a witness of a signed outsider calling it', () => {
    for (const action of ['dynamodb:UpdateTable', 'dynamodb:TagResource']) {
      const finding = checkDb(rule, dynamoTable({ policy: (arn) => allowAll(action, arn) }));
      expect(finding.status, action).toBe('fail');
      expect(finding.witness, action).toMatchObject({ path: 'signed', principal: { type: 'aws' }, action, resource: tableArn('customers') });
    }
  });

  // rbac-iam-actions.html: the PartiQL and Time-to-Live APIs are "Cross-account support: No", and
  // CreateTable is not supported by resource-based policies at all.
  it('passes a public grant of only owner-account or unsupported actions, naming the statement in a note', () => {
    const policy = (arn: string) => allowAll(['dynamodb:PartiQLSelect', 'dynamodb:UpdateTimeToLive', 'dynamodb:CreateTable'], arn);
    const finding = checkDb(rule, dynamoTable({ policy }));
    expect(finding.status).toBe('pass');
    const note = finding.trace.find((s) => s.effect === 'note' && s.ref === 'Sid "Open"');
    expect(note?.detail).toContain('DynamoDB does not let a resource policy grant these actions to another account');
  });

  it('adds no note for a statement that already grants an outsider', () => {
    const finding = checkDb(rule, dynamoTable({ policy: (arn) => allowAll('dynamodb:*', arn) }));
    expect(finding.status).toBe('fail');
    expect(finding.trace.filter((s) => s.effect === 'note')).toEqual([]);
  });

  it('carries no witness on a pass', () => {
    expect(checkDb(rule, dynamoTable()).witness).toBeUndefined();
  });
});
