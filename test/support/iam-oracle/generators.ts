/**
 * fast-check generators of bucket configurations from the grammar ajar supports: every principal
 * form, actions and resources with wildcards, every condition operator with IfExists and the set
 * quantifiers, the keys of "The meaning of public" and of issue 10's class 3, ACL grants to the
 * public groups and to other accounts, Block Public Access at bucket and account, Object Ownership.
 * Values come from small pools that mix fixed values of the owner and of named accounts with
 * wildcards and policy variables, so generated statements hit the interesting boundaries often.
 */
import fc from 'fast-check';
import type { AclGrant, AclPermission, PublicAccessBlock } from '../../../src/inventory/aws.ts';
import type { S3AccessInput } from '../../../src/analysis/s3-access.ts';
import { ALL_USERS, AUTHENTICATED_USERS } from './s3.ts';

export const BUCKET = 'example-bucket';
export const OWNER = '111111111111';
export const OTHER = '111122223333';
const B = `arn:aws:s3:::${BUCKET}`;
const OWNER_CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER_CANONICAL = 'a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccddeeff';

const PRINCIPALS: unknown[] = [
  '*', { AWS: '*' }, { AWS: ['*'] }, { AWS: OTHER }, { AWS: `arn:aws:iam::${OTHER}:root` }, { AWS: `arn:aws:iam::${OTHER}:role/reader` },
  { AWS: OWNER }, { AWS: [OTHER, '*'] }, { CanonicalUser: OTHER_CANONICAL }, { Service: 'cloudtrail.amazonaws.com' },
  { Service: ['logging.s3.amazonaws.com', 'sns.amazonaws.com'] }, { Federated: 'accounts.google.com' }, { Federated: 'cognito-identity.amazonaws.com' },
  { Federated: `arn:aws:iam::${OTHER}:saml-provider/corp` },
];
const NOT_PRINCIPALS: unknown[] = [{ AWS: OTHER }, { AWS: `arn:aws:iam::${OWNER}:root` }, { AWS: `arn:aws:iam::${OTHER}:role/reader` }, { Service: 'cloudtrail.amazonaws.com' }];

const ACTIONS = [
  's3:*', '*', 's3:Get*', 's3:GetObject', 's3:getobject', 's3:?etObject', 's3:List*', 's3:ListBucket', 's3:ListBucketVersions', 's3:Put*', 's3:PutObject',
  's3:DeleteObject', 's3:Delete*', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:GetBucketLocation', 's3:*Acl', 's3:GetBucketAcl',
  's3:PutBucketAcl', 's3:RestoreObject', 's3:AbortMultipartUpload', 's3:GetObjectTagging', 's3:PutBucketWebsite', 's3:GetBucket*',
];
const RESOURCES = [B, `${B}/*`, `${B}/public/*`, `${B}*`, 'arn:aws:s3:::*', '*', 'arn:aws:s3:::other-bucket/*', `${B}/secret.txt`, `${B}/home/\${aws:username}/*`];

type KeyKind = 'string' | 'arn' | 'ip' | 'date' | 'numeric' | 'bool' | 'binary';

/** Condition keys and the values a policy gives them: the owner's fixed values, other accounts', wildcards, variables. */
const KEYS: { key: string; kind: KeyKind; values: string[] }[] = [
  { key: 'aws:SourceIp', kind: 'ip', values: ['203.0.113.0/24', '198.51.100.7/32', '10.0.0.0/8', '0.0.0.0/0', '0.0.0.0/1', '2001:db8::/32', '::/0', '192.0.2.0/25', '64.0.0.0/3'] },
  { key: 'aws:VpcSourceIp', kind: 'ip', values: ['10.0.0.0/16', '172.16.0.0/12'] },
  { key: 'aws:SourceVpce', kind: 'string', values: ['vpce-1a2b3c4d', 'vpce-*', 'vpce-1a2b????'] },
  { key: 'aws:SourceVpc', kind: 'string', values: ['vpc-111bbb22', 'vpc-*'] },
  { key: 'aws:PrincipalOrgID', kind: 'string', values: ['o-a1b2c3d4e5', 'o-*'] },
  { key: 'aws:PrincipalOrgPaths', kind: 'string', values: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*', 'o-*'] },
  { key: 'aws:PrincipalAccount', kind: 'string', values: [OTHER, OWNER, '1111*'] },
  { key: 'aws:PrincipalArn', kind: 'arn', values: [`arn:aws:iam::${OTHER}:role/reader`, `arn:aws:iam::${OTHER}:role/*`, 'arn:aws:iam::*:role/reader'] },
  { key: 'aws:PrincipalType', kind: 'string', values: ['Anonymous', 'AssumedRole', 'User'] },
  { key: 'aws:SourceArn', kind: 'arn', values: [`arn:aws:cloudtrail:us-east-1:${OTHER}:trail/t`, `arn:aws:cloudtrail:*:${OTHER}:trail/*`, 'arn:aws:sns:us-east-1:*:alerts', 'arn:aws:s3:::*', `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/t`] },
  { key: 'aws:SourceAccount', kind: 'string', values: [OTHER, OWNER, '1111*'] },
  { key: 'aws:SourceOwner', kind: 'string', values: [OTHER, OWNER] },
  { key: 'aws:ResourceAccount', kind: 'string', values: [OWNER, OTHER, '1111*'] },
  { key: 's3:ResourceAccount', kind: 'string', values: [OWNER, OTHER] },
  { key: 's3:DataAccessPointAccount', kind: 'string', values: [OTHER, OWNER, '*'] },
  { key: 's3:DataAccessPointArn', kind: 'arn', values: [`arn:aws:s3:us-east-1:${OTHER}:accesspoint/ap`, `arn:aws:s3:us-east-1:${OTHER}:accesspoint/*`, 'arn:aws:s3:*:*:accesspoint/*'] },
  { key: 'aws:userid', kind: 'string', values: ['AROAEXAMPLEID:*', 'AIDAEXAMPLEUSERID', 'AROA*', '*:session', '${aws:userid}'] },
  { key: 'aws:username', kind: 'string', values: ['alice', '${aws:username}'] },
  { key: 'aws:Referer', kind: 'string', values: ['https://example.com/*', 'https://example.com/'] },
  { key: 'aws:UserAgent', kind: 'string', values: ['ajar-test/*'] },
  { key: 'aws:SecureTransport', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthPresent', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthAge', kind: 'numeric', values: ['3600'] },
  { key: 'aws:PrincipalIsAWSService', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:ViaAWSService', kind: 'bool', values: ['true', 'false'] },
  { key: 'aws:PrincipalServiceName', kind: 'string', values: ['cloudtrail.amazonaws.com'] },
  { key: 'aws:PrincipalTag/team', kind: 'string', values: ['data', '${aws:username}'] },
  { key: 'aws:CurrentTime', kind: 'date', values: ['2020-01-01T00:00:00Z', '2099-12-31T23:59:59Z'] },
  { key: 'aws:EpochTime', kind: 'date', values: ['1577836800', '4102444800'] },
  { key: 's3:max-keys', kind: 'numeric', values: ['10', '1000'] },
  { key: 's3:prefix', kind: 'string', values: ['public/*', 'home/${aws:username}/*', ''] },
  { key: 's3:x-amz-acl', kind: 'string', values: ['public-read', 'bucket-owner-full-control'] },
  { key: 's3:x-amz-server-side-encryption-aws-kms-key-id', kind: 'arn', values: [`arn:aws:kms:us-east-1:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`] },
  { key: 's3:x-amz-content-sha256', kind: 'binary', values: ['QmluYXJ5VmFsdWU='] },
  { key: 'cognito-identity.amazonaws.com:aud', kind: 'string', values: ['us-east-1:12345678-abcd-abcd-abcd-123456789012'] },
  { key: 'accounts.google.com:aud', kind: 'string', values: ['1234.apps.googleusercontent.com'] },
];

const OPERATORS: Record<KeyKind, string[]> = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'],
  ip: ['IpAddress', 'NotIpAddress'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  bool: ['Bool'],
  binary: ['BinaryEquals'],
};

const clause = fc
  .record({
    spec: fc.constantFrom(...KEYS),
    opIndex: fc.nat(),
    values: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    modifier: fc.constantFrom('', '', '', 'IfExists', 'ForAnyValue:', 'ForAllValues:', 'Null', 'KeyCase'),
  })
  .map(({ spec, opIndex, values, modifier }) => {
    const ops = OPERATORS[spec.kind];
    let operator = ops[opIndex % ops.length]!;
    let key = spec.key;
    let picked = [...new Set(values.map((i) => spec.values[i % spec.values.length]!))];
    if (modifier === 'Null') [operator, picked] = ['Null', [values[0]! % 2 === 0 ? 'true' : 'false']];
    else if (modifier === 'IfExists') operator += 'IfExists';
    else if (modifier === 'KeyCase') key = key.toUpperCase();
    else if (modifier && spec.kind !== 'bool' && spec.kind !== 'binary') operator = modifier + operator;
    return { operator, key, values: picked };
  });

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    sid: fc.option(fc.constantFrom('Read', 'Lockdown', 'Trail', 'Office'), { nil: undefined }),
    principal: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PRINCIPALS).map((p) => ({ Principal: p })) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_PRINCIPALS).map((p) => ({ NotPrincipal: p })) }),
    actions: fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
    actionNegated: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    resources: fc.array(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
    resourceNegated: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    conditions: fc.array(clause, { maxLength: 3 }),
  })
  .map((s) => {
    const out: Record<string, unknown> = { Effect: s.effect, ...(s.sid ? { Sid: s.sid } : {}), ...s.principal };
    const actions = [...new Set(s.actions)];
    out[s.actionNegated ? 'NotAction' : 'Action'] = actions.length === 1 ? actions[0] : actions;
    const resources = [...new Set(s.resources)];
    out[s.resourceNegated ? 'NotResource' : 'Resource'] = resources.length === 1 ? resources[0] : resources;
    if (s.conditions.length > 0) {
      const block: Record<string, Record<string, string | string[]>> = {};
      for (const c of s.conditions) (block[c.operator] ??= {})[c.key] = c.values.length === 1 ? c.values[0]! : c.values;
      out.Condition = block;
    }
    return out;
  });

const GRANTEES: AclGrant['grantee'][] = [
  { type: 'Group', uri: ALL_USERS },
  { type: 'Group', uri: AUTHENTICATED_USERS },
  { type: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
  { type: 'CanonicalUser', id: OTHER_CANONICAL },
];
const PERMISSIONS: AclPermission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];

const publicAccessBlock: fc.Arbitrary<PublicAccessBlock | null> = fc.option(
  fc.record({ blockPublicAcls: fc.boolean(), ignorePublicAcls: fc.boolean(), blockPublicPolicy: fc.boolean(), restrictPublicBuckets: fc.boolean() }),
  { freq: 2, nil: null },
);

/** One bucket's whole configuration, as ajar's evaluateS3Access takes it. */
export const bucketConfiguration: fc.Arbitrary<S3AccessInput> = fc.record({
  statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
  grants: fc.array(fc.record({ grantee: fc.constantFrom(...GRANTEES), permission: fc.constantFrom(...PERMISSIONS) }), { maxLength: 2 }),
  bucketPublicAccessBlock: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: publicAccessBlock }),
  accountPublicAccessBlock: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: publicAccessBlock }),
  ownership: fc.constantFrom(null, null, null, 'BucketOwnerEnforced' as const, 'BucketOwnerPreferred' as const),
}).map((c) => ({
  bucket: BUCKET,
  ownerAccount: OWNER,
  // Sids are unique within a policy (IAM UG, "Sid"), so a grant's Sid names one statement.
  policy: JSON.stringify({ Version: '2012-10-17', Statement: c.statements.map((s, i) => (s.Sid ? { ...s, Sid: `${String(s.Sid)}${i}` } : s)) }),
  acl: { ownerId: OWNER_CANONICAL, grants: [{ grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL }, permission: 'FULL_CONTROL' }, ...c.grants] },
  bucketPublicAccessBlock: c.bucketPublicAccessBlock,
  accountPublicAccessBlock: c.accountPublicAccessBlock,
  ownership: c.ownership,
}));
