/**
 * Effective access to an S3 bucket: ACL, bucket policy, Block Public Access and Object Ownership
 * combined. Every case names the AWS documentation rule it exercises.
 */
import { describe, expect, it } from 'vitest';
import { describeGrant, evaluateS3Access, isPublicAudience } from '../../src/analysis/s3-access.ts';
import type { AclPermission, ObjectOwnership, PublicAccessBlock } from '../../src/inventory/aws.ts';
import {
  acl,
  allow,
  allUsers,
  authenticatedUsers,
  BUCKET,
  BUCKET_ARN,
  byEmail,
  canonicalUser,
  deny,
  grantKeys,
  logDelivery,
  OBJECTS_ARN,
  OTHER,
  OTHER_CANONICAL,
  OWNER,
  OWNER_CANONICAL,
  pab,
  policy,
  s3Input,
  THIRD,
} from '../support/aws-factories.ts';

const ACL_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html';
const BPA_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html';
const PUBLIC_DOC = `${BPA_DOC}#access-control-block-public-access-policy-status`;
const OWNERSHIP_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html';
const PRINCIPAL_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html';
const EVAL_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html';
const OPERATORS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const STATUS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html';

const ALL_BPA: PublicAccessBlock = pab({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });

/** Every permission of the ACL table and the capabilities it gives on a *bucket* ACL. */
const BUCKET_ACL_MEANING: [AclPermission, string[]][] = [
  ['READ', ['list']],
  ['WRITE', ['write']],
  ['READ_ACP', ['readAcl']],
  ['WRITE_ACP', ['writeAcl']],
  ['FULL_CONTROL', ['list', 'readAcl', 'write', 'writeAcl']],
];

describe('bucket ACL grants (S3 User Guide, Access control list (ACL) overview)', () => {
  it.each(BUCKET_ACL_MEANING)(
    `AllUsers %s on the bucket ACL gives anyone on the internet %j — a bucket ACL never grants object reads (ACL overview: "What permissions can I grant?" bucket column; AllUsers = "anyone in the world", ${ACL_DOC}#permissions)`,
    (permission, capabilities) => {
      const result = evaluateS3Access(s3Input({ acl: acl(allUsers(permission)) }));
      expect(result.grants.map((g) => g.capability).sort()).toEqual(capabilities);
      for (const grant of result.grants) {
        expect(grant).toMatchObject({ capability: grant.capability, audience: 'anonymous', account: undefined, layer: 'acl', ref: `AllUsers ${permission}` });
      }
      expect(result.grants.some((g) => g.capability === 'readObjects')).toBe(false);
      expect(result.neutralised).toEqual([]);
    },
  );

  it.each(BUCKET_ACL_MEANING)(
    `AuthenticatedUsers %s on the bucket ACL gives any AWS account %j (ACL overview: Authenticated Users group "represents all AWS accounts", ${ACL_DOC}#specifying-grantee-predefined-groups)`,
    (permission, capabilities) => {
      const result = evaluateS3Access(s3Input({ acl: acl(authenticatedUsers(permission)) }));
      expect(result.grants.map((g) => g.capability).sort()).toEqual(capabilities);
      expect(result.grants.every((g) => g.audience === 'authenticated' && g.layer === 'acl' && g.ref === `AuthenticatedUsers ${permission}`)).toBe(true);
      expect(result.grants.every((g) => isPublicAudience(g.audience))).toBe(true);
    },
  );

  it(`the Log Delivery group is not public: it only lets S3 write server access logs (ACL overview: Log Delivery group, ${ACL_DOC}#specifying-grantee-predefined-groups)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(logDelivery('WRITE'), logDelivery('READ_ACP')) }));
    expect(result.grants).toEqual([]);
    expect(result.trace).toEqual([]);
  });

  it(`a CanonicalUser grant to another account is an account grant, not public (ACL overview: "A grantee can be an AWS account or one of the predefined Amazon S3 groups", ${ACL_DOC}#specifying-grantee)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(canonicalUser(OTHER_CANONICAL, 'READ')) }));
    expect(result.grants).toEqual([
      { capability: 'list', audience: 'account', account: `canonical:${OTHER_CANONICAL}`, layer: 'acl', ref: `CanonicalUser ${OTHER_CANONICAL} READ` },
    ]);
    expect(isPublicAudience(result.grants[0]!.audience)).toBe(false);
  });

  it(`the owner's own FULL_CONTROL grant is not exposure (ACL overview: the default ACL "grants the resource owner full control", ${ACL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(canonicalUser(OWNER_CANONICAL, 'READ')) }));
    expect(result.grants).toEqual([]);
  });

  it(`an email-address grantee is an AWS account (ACL overview: "You grant permission to an AWS account using the email address or the canonical user ID", ${ACL_DOC}#specifying-grantee)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(byEmail('partner@example.com', 'WRITE')) }));
    expect(grantKeys(result.grants)).toEqual(['write account:email:partner@example.com acl email partner@example.com WRITE']);
  });

  it(`every ACL grant in force is traced with layer "bucket ACL" and the grant as ref (ACL overview, ${ACL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')) }));
    expect(result.trace).toEqual([{ layer: 'bucket ACL', ref: 'AllUsers READ', effect: 'grants', detail: 'anyone on the internet can list objects via ACL grant AllUsers READ' }]);
  });
});

describe('bucket policy principals (IAM JSON policy elements: Principal)', () => {
  it(`"Principal": "*" with s3:GetObject on bucket/* lets anyone read every object (The meaning of public: "Principal": "*" with no limiting condition is public, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })) }));
    expect(result.grants).toMatchObject([{ capability: 'readObjects', audience: 'anonymous', account: undefined, layer: 'policy', ref: 'Sid "PublicRead"', scope: undefined }]);
    expect(result.policyIsPublic).toBe(true);
  });

  it(`{"AWS":"*"} grants the same anonymous access as "*" (IAM JSON policy elements: Principal — {"AWS":"*"} is equivalent to "*", ${PRINCIPAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'S', Principal: { AWS: '*' } })) }));
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "S"']);
  });

  it(`{"AWS":["*"]} grants the same anonymous access as "*" (IAM JSON policy elements: Principal — the wildcard in an array, ${PRINCIPAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'S', Principal: { AWS: ['*'] } })) }));
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "S"']);
  });

  it(`a bare account id is an account grant and the policy is non-public (The meaning of public: "An AWS principal, user, role" with a fixed value, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } })) }));
    expect(result.grants).toMatchObject([{ capability: 'readObjects', audience: 'account', account: OTHER, layer: 'policy', ref: 'Sid "Partner"', scope: undefined }]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`an account root ARN is an account grant (IAM JSON policy elements: Principal — AWS account principals, ${PRINCIPAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Root', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:ListBucket', Resource: BUCKET_ARN })) }));
    expect(grantKeys(result.grants)).toEqual([`list account:${OTHER} policy Sid "Root"`]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`a role ARN is a grant to the role's account (The meaning of public: a fixed role is non-public, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Role', Principal: { AWS: `arn:aws:iam::${THIRD}:role/JohnDoe` } })) }));
    expect(grantKeys(result.grants)).toEqual([`readObjects account:${THIRD} policy Sid "Role"`]);
  });

  it(`a Service principal is neither public nor an account grant (The meaning of public: a fixed "service principal" is non-public, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Logs', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })) }));
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`a CanonicalUser principal is not public (S3 User Guide, Principals — "CanonicalUser" identifies an account, ${'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-bucket-user-policy-specifying-principal-intro.html'})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Oai', Principal: { CanonicalUser: OTHER_CANONICAL } })) }));
    expect(result.grants.filter((g) => isPublicAudience(g.audience))).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`a grant to the bucket owner's own account is not exposure (RestrictPublicBuckets keeps "authorized users within the bucket owner's account": the owner is never an outsider, ${BPA_DOC}#access-control-block-public-access-options)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Self', Principal: { AWS: `arn:aws:iam::${OWNER}:root` } })) }));
    expect(result.grants).toEqual([]);
  });

  it(`NotPrincipal with Allow is public (IAM JSON policy elements: NotPrincipal — with Allow "you might grant access to anonymous (unauthenticated) users", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'AllBut', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` } })) }));
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "AllBut"']);
    expect(result.policyIsPublic).toBe(true);
  });
});

describe('bucket policy actions and resources', () => {
  it(`"S3:get*" matches object and ACL reads case-insensitively (IAM JSON policy elements: Action — "The prefix and the action name are case insensitive", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Get', Action: 'S3:get*', Resource: [BUCKET_ARN, OBJECTS_ARN] })) }));
    // s3:Get* also reaches every configuration read (s3:GetLifecycleConfiguration ...): Service Authorization Reference.
    expect(grantKeys(result.grants)).toEqual(['readAcl anonymous policy Sid "Get"', 'readConfig anonymous policy Sid "Get"', 'readObjects anonymous policy Sid "Get"']);
  });

  it(`"s3:*" on the bucket and its objects gives every capability (IAM JSON policy elements: Action — service-wide wildcard, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'All', Action: 's3:*', Resource: [BUCKET_ARN, OBJECTS_ARN] })) }));
    expect(grantKeys(result.grants)).toEqual([
      'list anonymous policy Sid "All"',
      'readAcl anonymous policy Sid "All"',
      'readConfig anonymous policy Sid "All"',
      'readObjects anonymous policy Sid "All"',
      'write anonymous policy Sid "All"',
      'writeAcl anonymous policy Sid "All"',
      'writeConfig anonymous policy Sid "All"',
    ]);
    // Both the bucket ARN and bucket/* are named: no partial scope is recorded.
    expect(result.grants.every((g) => g.scope === undefined)).toBe(true);
  });

  it(`NotAction with Allow grants everything not listed (IAM JSON policy elements: NotAction with Allow, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html)`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'NotWrite', Action: undefined, NotAction: ['s3:Put*', 's3:Delete*'], Resource: [BUCKET_ARN, OBJECTS_ARN] })) }),
    );
    expect(grantKeys(result.grants)).toEqual([
      'list anonymous policy Sid "NotWrite"',
      'readAcl anonymous policy Sid "NotWrite"',
      'readConfig anonymous policy Sid "NotWrite"',
      'readObjects anonymous policy Sid "NotWrite"',
      // s3:AbortMultipartUpload, s3:ReplicateObject ... are neither Put* nor Delete*, yet change objects.
      'write anonymous policy Sid "NotWrite"',
      // s3:ObjectOwnerOverrideToBucketOwner (Permissions management) changes who owns replicas.
      'writeAcl anonymous policy Sid "NotWrite"',
      // s3:TagResource, s3:PauseReplication, s3:UpdateBucketMetadataJournalTableConfiguration ... change the bucket.
      'writeConfig anonymous policy Sid "NotWrite"',
    ]);
  });

  it(`a Resource scoped to a prefix is a partial object read, and the scope is recorded (IAM JSON policy elements: Resource — "arn:aws:s3:::bucket/prefix/*", https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Public', Resource: `${BUCKET_ARN}/public/*` })) }));
    expect(result.grants).toMatchObject([{ capability: 'readObjects', audience: 'anonymous', account: undefined, layer: 'policy', ref: 'Sid "Public"', scope: 'public/*' }]);
    expect(describeGrant(result.grants[0]!)).toBe('anyone on the internet can read objects (public/*) via bucket policy Sid "Public"');
  });

  it(`NotResource grants every object except those listed, recorded as the scope (IAM JSON policy elements: NotResource, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'AllButPrivate', Resource: undefined, NotResource: `${BUCKET_ARN}/private/*` })) }));
    expect(result.grants).toMatchObject([
      { capability: 'readObjects', audience: 'anonymous', account: undefined, layer: 'policy', ref: 'Sid "AllButPrivate"', scope: `all objects except ${BUCKET_ARN}/private/*` },
    ]);
  });

  it(`a statement on the bucket ARN only grants bucket actions, not object reads (S3 User Guide, Policy resources: bucket-level vs object-level ARNs, https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Bucket', Action: ['s3:ListBucket', 's3:GetObject'], Resource: BUCKET_ARN })) }));
    expect(grantKeys(result.grants)).toEqual(['list anonymous policy Sid "Bucket"']);
  });

  it(`a statement naming another bucket grants nothing here (IAM JSON policy elements: Resource — the statement covers only the resources it names, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Other', Resource: 'arn:aws:s3:::example-bucket-logs/*' })) }));
    expect(result.grants).toEqual([]);
  });

  it(`a whole-bucket Allow is full access even when another statement allows only a prefix (IAM evaluation logic: any one applicable Allow suffices, ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Whole' }), allow({ Sid: 'Public', Resource: `${BUCKET_ARN}/public/*` })) }),
    );
    const whole = result.grants.find((g) => g.ref === 'Sid "Whole"');
    expect(whole).toMatchObject({ capability: 'readObjects', audience: 'anonymous', account: undefined, layer: 'policy', ref: 'Sid "Whole"', scope: undefined });
  });

  it(`a statement listing this bucket's objects and another bucket's ARN records no bogus scope (IAM JSON policy elements: Resource — an array of ARNs, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Two', Resource: [OBJECTS_ARN, 'arn:aws:s3:::other-bucket/*'] })) }));
    expect(result.grants).toMatchObject([{ capability: 'readObjects', audience: 'anonymous', account: undefined, layer: 'policy', ref: 'Sid "Two"', scope: undefined }]);
  });
});

describe('bucket policy conditions and the meaning of "public"', () => {
  const readIf = (condition: Record<string, unknown>) =>
    evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Cond', Condition: condition })) }));

  it(`fixed aws:SourceVpce is non-public, and the trace says which statement restricts (The meaning of public: "aws:SourceVpce", ${PUBLIC_DOC})`, () => {
    const result = readIf({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } });
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
    expect(result.trace).toContainEqual({
      layer: 'bucket policy',
      ref: 'Sid "Cond"',
      effect: 'restricts',
      detail: 'StringEquals aws:SourceVpce ["vpce-1a2b3c4d"]: requesters outside the trusted set cannot meet it',
    });
  });

  it(`StringEqualsIfExists aws:SourceVpce is public: internet requests have no endpoint, so the key is absent and the condition holds (IAM condition operators: ...IfExists — key absent evaluates true, ${OPERATORS_DOC}#Conditions_IfExists)`, () => {
    const result = readIf({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } });
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
  });

  it(`fixed aws:SourceVpc is non-public (The meaning of public: AWS's example made non-public "by setting aws:SourceVpc to a fixed value", ${PUBLIC_DOC})`, () => {
    expect(readIf({ StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } }).grants).toEqual([]);
  });

  it(`StringLike aws:SourceVpc "vpc-*" is public (The meaning of public: AWS's own example of a public policy, ${PUBLIC_DOC})`, () => {
    expect(grantKeys(readIf({ StringLike: { 'aws:SourceVpc': 'vpc-*' } }).grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
  });

  it(`fixed aws:SourceIp CIDR is non-public (The meaning of public: "A set of CIDRs, using aws:SourceIp", ${PUBLIC_DOC})`, () => {
    expect(readIf({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }).grants).toEqual([]);
  });

  it(`aws:SourceIp 0.0.0.0/0 plus ::/0 restricts nothing (The meaning of public: broad aws:SourceIp ranges are public, ${PUBLIC_DOC})`, () => {
    expect(grantKeys(readIf({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }).grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
  });

  it(`fixed aws:PrincipalOrgID is non-public (The meaning of public: "(e.g. aws:PrincipalOrgID)", ${PUBLIC_DOC})`, () => {
    const result = readIf({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`fixed aws:SourceArn / aws:SourceAccount / aws:SourceOwner are non-public (The meaning of public: "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", ${PUBLIC_DOC})`, () => {
    expect(readIf({ ArnEquals: { 'aws:SourceArn': `arn:aws:cloudfront::${OWNER}:distribution/E1A2B3C4D5` } }).grants).toEqual([]);
    expect(readIf({ StringEquals: { 'aws:SourceAccount': OWNER } }).grants).toEqual([]);
    expect(readIf({ StringEquals: { 'aws:SourceOwner': OWNER } }).grants).toEqual([]);
  });

  it(`ArnLike aws:SourceArn with a wildcard account is public to any AWS account (The meaning of public: only fixed values qualify, ${PUBLIC_DOC})`, () => {
    const result = readIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::*:distribution/*' } });
    expect(grantKeys(result.grants)).toEqual(['readObjects authenticated policy Sid "Cond"']);
    expect(result.policyIsPublic).toBe(true);
  });

  it(`fixed aws:userid is non-public (The meaning of public: "aws:userid", ${PUBLIC_DOC})`, () => {
    expect(readIf({ StringEquals: { 'aws:userid': 'AIDAJQABLZS4A3QDU576Q' } }).grants).toEqual([]);
  });

  it(`a policy variable in a restricting key is not a fixed value: public to any authenticated principal (The meaning of public: fixed values contain no "IAM policy variable", ${PUBLIC_DOC})`, () => {
    const result = readIf({ StringEquals: { 'aws:PrincipalOrgID': '\${aws:ResourceOrgID}' } });
    expect(grantKeys(result.grants)).toEqual(['readObjects authenticated policy Sid "Cond"']);
    expect(result.policyIsPublic).toBe(true);
  });

  it(`ForAllValues on aws:SourceVpce in an Allow is public: internet requests lack the key, and ForAllValues with an absent key is true (Single-valued vs multivalued keys: "use caution if you use ForAllValues with an Allow effect", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)`, () => {
    expect(grantKeys(readIf({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } }).grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
    expect(readIf({ 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } }).grants).toEqual([]);
  });

  it(`a fixed SSE-KMS key id on PutObject is non-public (The meaning of public: "s3:x-amz-server-side-encryption-aws-kms-key-id", ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({
        policy: policy(
          allow({ Sid: 'KmsUpload', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:us-east-1:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } } }),
        ),
      }),
    );
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`aws:Referer restricts nothing: the grant stays public and the trace says why (Global condition keys: aws:Referer, ${KEYS_DOC}#condition-keys-referer)`, () => {
    const result = readIf({ StringLike: { 'aws:Referer': ['https://www.example.com/*'] } });
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
    const step = result.trace.find((t) => t.effect === 'grants');
    expect(step?.ref).toBe('Sid "Cond"');
    expect(step?.detail).toContain('the requester controls aws:Referer, so it restricts nothing');
    expect(describeGrant(result.grants[0]!)).toContain('whose condition on aws:Referer restricts nothing');
  });

  it(`aws:UserAgent restricts nothing (Global condition keys: aws:UserAgent, ${KEYS_DOC}#condition-keys-useragent)`, () => {
    expect(grantKeys(readIf({ StringEquals: { 'aws:UserAgent': 'internal/1.0' } }).grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
  });

  it(`aws:SecureTransport restricts nothing (Global condition keys: aws:SecureTransport, ${KEYS_DOC}#condition-keys-securetransport)`, () => {
    expect(grantKeys(readIf({ Bool: { 'aws:SecureTransport': 'true' } }).grants)).toEqual(['readObjects anonymous policy Sid "Cond"']);
  });

  it(`s3:prefix on ListBucket restricts nothing (S3 condition keys: s3:prefix is chosen by the requester, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys)`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Home', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['home/*'] } } })) }),
    );
    expect(grantKeys(result.grants)).toEqual(['list anonymous policy Sid "Home"']);
  });

  it(`several condition operators are ANDed: Referer and a fixed aws:SourceVpce together are non-public (Multiple context keys or values: "a logical AND", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html)`, () => {
    const result = readIf({ StringLike: { 'aws:Referer': '*' }, StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } });
    expect(result.grants).toEqual([]);
  });

  it(`Principal "*" + StringEquals aws:PrincipalAccount names an account: an account grant, not public (Global condition keys: aws:PrincipalAccount, ${KEYS_DOC}#condition-keys-principalaccount)`, () => {
    const result = readIf({ StringEquals: { 'aws:PrincipalAccount': OTHER } });
    expect(result.grants).toMatchObject([{ capability: 'readObjects', audience: 'account', account: OTHER, layer: 'policy', ref: 'Sid "Cond"', scope: undefined }]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`several aws:PrincipalAccount values are ORed: each named account gets a grant (Multiple context keys or values: values of one key are ORed, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html)`, () => {
    const result = readIf({ StringEquals: { 'aws:PrincipalAccount': [OTHER, THIRD] } });
    expect(grantKeys(result.grants)).toEqual([`readObjects account:${OTHER} policy Sid "Cond"`, `readObjects account:${THIRD} policy Sid "Cond"`]);
  });
});

describe('Deny statements (IAM policy evaluation logic)', () => {
  it(`an unconditional Deny * neutralises an Allow *, and the trace names the Deny (IAM evaluation logic: "An explicit deny overrides an explicit allow", ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' }), deny({ Sid: 'DenyAll' })) }));
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
    expect(result.trace).toContainEqual({ layer: 'bucket policy', ref: 'Sid "DenyAll"', effect: 'blocks', detail: 'Deny applies to every anonymous requests for read objects' });
  });

  it(`Deny unless from a VPC endpoint (StringNotEquals aws:SourceVpce) makes an Allow * non-public (IAM condition operators: negated operator with absent key is true, ${OPERATORS_DOC}; The meaning of public, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'VpceOnly', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })) }),
    );
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
    const blocks = result.trace.filter((t) => t.effect === 'blocks');
    expect([...new Set(blocks.map((t) => `${t.layer} ${t.ref}`))]).toEqual(['bucket policy Sid "VpceOnly"']);
    expect(blocks.map((t) => t.detail)).toContain(
      'Deny applies to every anonymous requests for read objects (StringNotEquals aws:SourceVpce ["vpce-1a2b3c4d"]: holds for every such request (aws:SourceVpce is absent or foreign))',
    );
  });

  it(`Deny with StringNotEquals aws:PrincipalOrgID removes everyone outside the organisation (Global condition keys: aws:PrincipalOrgID, ${KEYS_DOC}#condition-keys-principalorgid)`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'OrgOnly', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })) }),
    );
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`Deny with NotIpAddress outside a fixed CIDR makes an Allow * non-public (IAM condition operators: NotIpAddress; The meaning of public: "A set of CIDRs, using aws:SourceIp", ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'OfficeOnly', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/48'] } } })) }),
    );
    expect(result.grants).toEqual([]);
    expect(result.policyIsPublic).toBe(false);
  });

  it(`Deny with Bool aws:SecureTransport=false does NOT neutralise: the requester avoids it by using HTTPS (Global condition keys: aws:SecureTransport, ${KEYS_DOC}#condition-keys-securetransport)`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'TlsOnly', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })) }),
    );
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Read"']);
    expect(result.trace).toContainEqual(expect.objectContaining({ layer: 'bucket policy', ref: 'Sid "TlsOnly"', effect: 'note' }));
    expect(result.trace.find((t) => t.ref === 'Sid "TlsOnly"')?.detail).toMatch(/^Deny can be avoided by anonymous requests/);
  });

  it(`a Deny of only s3:GetObject does not cancel an Allow of s3:GetObjectVersion (IAM evaluation logic: a Deny applies only to the requests it matches, ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({
        policy: policy(allow({ Sid: 'Read', Action: ['s3:GetObject', 's3:GetObjectVersion'] }), deny({ Sid: 'NoGet', Action: 's3:GetObject', Resource: OBJECTS_ARN })),
      }),
    );
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Read"']);
  });

  it(`a Deny on one prefix does not cancel a whole-bucket Allow: objects outside the prefix stay readable (IAM evaluation logic: a Deny applies only to requests it matches, ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'NoSecrets', Action: 's3:GetObject*', Resource: `${BUCKET_ARN}/secret/*` })) }),
    );
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Read"']);
    expect(result.policyIsPublic).toBe(true);
    expect(result.trace).toContainEqual({ layer: 'bucket policy', ref: 'Sid "NoSecrets"', effect: 'blocks', detail: 'Deny applies to every anonymous requests for read objects (secret/*)' });
  });

  it(`a Deny covering the very prefix an Allow grants cancels it (IAM evaluation logic: "An explicit deny overrides an explicit allow", ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({
        policy: policy(
          allow({ Sid: 'Public', Resource: `${BUCKET_ARN}/public/*` }),
          deny({ Sid: 'NoPublic', Action: 's3:GetObject*', Resource: `${BUCKET_ARN}/public/*` }),
        ),
      }),
    );
    expect(result.grants).toEqual([]);
  });

  it(`a Deny on the whole bucket cancels an Allow on a prefix (IAM evaluation logic: the Deny matches every request the Allow admits, ${EVAL_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Public', Resource: `${BUCKET_ARN}/public/*` }), deny({ Sid: 'NoRead', Action: 's3:GetObject*', Resource: OBJECTS_ARN })) }),
    );
    expect(result.grants).toEqual([]);
  });

  it(`a Deny with NotResource leaving a prefix open does not cancel reads of that prefix (IAM JSON policy elements: NotResource with Deny, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html)`, () => {
    const result = evaluateS3Access(
      s3Input({
        policy: policy(allow({ Sid: 'Read' }), deny({ Sid: 'OnlyPublic', Action: 's3:GetObject*', Resource: undefined, NotResource: `${BUCKET_ARN}/public/*` })),
      }),
    );
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "Read"']);
  });
});

describe('Block Public Access (S3 User Guide, Blocking public access to your Amazon S3 storage)', () => {
  const publicEverything = () => ({ acl: acl(allUsers('READ'), canonicalUser(OTHER_CANONICAL, 'WRITE')), policy: policy(allow({ Sid: 'PublicRead' }), allow({ Sid: 'Partner', Principal: { AWS: OTHER }, Action: 's3:PutObject' })) });

  it(`IgnorePublicAcls at account level neutralises AllUsers grants (Block Public Access: IgnorePublicAcls "causes Amazon S3 to ignore all public ACLs on a bucket", ${BPA_DOC}#access-control-block-public-access-options)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('FULL_CONTROL')), accountPublicAccessBlock: pab({ ignorePublicAcls: true }) }));
    expect(result.grants).toEqual([]);
    expect(result.neutralised.map((n) => [n.grant.capability, n.grant.ref, n.by])).toEqual([
      ['list', 'AllUsers FULL_CONTROL', 'Block Public Access IgnorePublicAcls'],
      ['write', 'AllUsers FULL_CONTROL', 'Block Public Access IgnorePublicAcls'],
      ['readAcl', 'AllUsers FULL_CONTROL', 'Block Public Access IgnorePublicAcls'],
      ['writeAcl', 'AllUsers FULL_CONTROL', 'Block Public Access IgnorePublicAcls'],
    ]);
    expect(result.trace[0]).toEqual({ layer: 'Block Public Access', ref: 'IgnorePublicAcls (account)', effect: 'blocks', detail: 'public ACL grants are ignored' });
  });

  it(`IgnorePublicAcls at bucket level neutralises AuthenticatedUsers grants but not a CanonicalUser grant (The meaning of public: an ACL is public when it grants AllUsers or AuthenticatedUsers, ${PUBLIC_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ acl: acl(authenticatedUsers('READ'), canonicalUser(OTHER_CANONICAL, 'READ')), bucketPublicAccessBlock: pab({ ignorePublicAcls: true }) }),
    );
    expect(grantKeys(result.grants)).toEqual([`list account:canonical:${OTHER_CANONICAL} acl CanonicalUser ${OTHER_CANONICAL} READ`]);
    expect(result.neutralised).toEqual([
      { grant: { capability: 'list', audience: 'authenticated', account: undefined, layer: 'acl', ref: 'AuthenticatedUsers READ' }, by: 'Block Public Access IgnorePublicAcls' },
    ]);
    expect(result.trace).toContainEqual({
      layer: 'Block Public Access',
      ref: 'AuthenticatedUsers READ',
      effect: 'neutralises',
      detail: 'Block Public Access IgnorePublicAcls switches off: any authenticated AWS principal can list objects via ACL grant AuthenticatedUsers READ',
    });
  });

  it(`IgnorePublicAcls does not touch policy grants (Block Public Access: IgnorePublicAcls concerns ACLs only, ${BPA_DOC}#access-control-block-public-access-options)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })), bucketPublicAccessBlock: pab({ ignorePublicAcls: true }) }));
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "PublicRead"']);
  });

  it.each([
    ['account', { accountPublicAccessBlock: pab({ blockPublicAcls: true }) }],
    ['bucket', { bucketPublicAccessBlock: pab({ blockPublicAcls: true }) }],
  ] as const)(
    `BlockPublicAcls alone at %s level changes nothing about existing ACL grants (PublicAccessBlockConfiguration: BlockPublicAcls — "Enabling this setting doesn't affect existing policies or ACLs", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html)`,
    (where, config) => {
      const result = evaluateS3Access(s3Input({ acl: acl(allUsers('WRITE')), ...config }));
      expect(grantKeys(result.grants)).toEqual(['write anonymous acl AllUsers WRITE']);
      expect(result.neutralised).toEqual([]);
      expect(result.trace[0]).toEqual({
        layer: 'Block Public Access',
        ref: `BlockPublicAcls (${where})`,
        effect: 'note',
        detail: 'rejects new public ACLs but leaves existing ones in force',
      });
    },
  );

  it.each([
    ['account', { accountPublicAccessBlock: pab({ blockPublicPolicy: true }) }],
    ['bucket', { bucketPublicAccessBlock: pab({ blockPublicPolicy: true }) }],
  ] as const)(
    `BlockPublicPolicy alone at %s level does not affect the existing policy (PublicAccessBlockConfiguration: BlockPublicPolicy — "Enabling this setting doesn't affect existing bucket policies", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html)`,
    (where, config) => {
      const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })), ...config }));
      expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "PublicRead"']);
      expect(result.neutralised).toEqual([]);
      expect(result.trace[0]).toEqual({
        layer: 'Block Public Access',
        ref: `BlockPublicPolicy (${where})`,
        effect: 'note',
        detail: 'rejects new public policies but leaves the existing policy in force',
      });
    },
  );

  it(`RestrictPublicBuckets at bucket level neutralises the public grant AND the account grant within a public policy (Block Public Access: RestrictPublicBuckets blocks "public and cross-account access ... including non-public delegation to specific accounts", ${BPA_DOC}#access-control-block-public-access-policy-example)`, () => {
    const result = evaluateS3Access(s3Input({ ...publicEverything(), bucketPublicAccessBlock: pab({ restrictPublicBuckets: true }) }));
    expect(result.policyIsPublic).toBe(true);
    expect(grantKeys(result.grants)).toEqual([`write account:canonical:${OTHER_CANONICAL} acl CanonicalUser ${OTHER_CANONICAL} WRITE`, 'list anonymous acl AllUsers READ'].sort());
    expect(result.neutralised.map((n) => [n.grant.capability, n.grant.audience, n.grant.account, n.grant.ref, n.by])).toEqual([
      ['readObjects', 'anonymous', undefined, 'Sid "PublicRead"', 'Block Public Access RestrictPublicBuckets'],
      ['write', 'account', OTHER, 'Sid "Partner"', 'Block Public Access RestrictPublicBuckets'],
    ]);
  });

  it(`AWS's worked example: service + Account-2 + public statements under RestrictPublicBuckets leave only the service; without the public statement Account-2 regains access (Block Public Access: "How Amazon S3 evaluates a bucket policy that contains both public and non-public access grants", ${BPA_DOC}#access-control-block-public-access-policy-example)`, () => {
    const service = allow({ Sid: 'CloudTrail', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' });
    // Account-2 may list the bucket; anyone may read objects (a different capability, so both are reported).
    const account2 = allow({ Sid: 'Account2', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:ListBucket', Resource: BUCKET_ARN });
    const everyone = allow({ Sid: 'Public' });
    const withPublic = evaluateS3Access(s3Input({ policy: policy(service, account2, everyone), bucketPublicAccessBlock: pab({ restrictPublicBuckets: true }) }));
    expect(withPublic.grants).toEqual([]);
    expect(withPublic.neutralised.map((n) => `${n.grant.ref} ${n.grant.audience} ${n.by}`).sort()).toEqual([
      'Sid "Account2" account Block Public Access RestrictPublicBuckets',
      'Sid "Public" anonymous Block Public Access RestrictPublicBuckets',
    ]);
    expect(withPublic.trace).toContainEqual({
      layer: 'Block Public Access',
      ref: 'Sid "Account2"',
      effect: 'neutralises',
      detail: `Block Public Access RestrictPublicBuckets switches off: account ${OTHER} can list objects via bucket policy Sid "Account2"`,
    });
    const withoutPublic = evaluateS3Access(s3Input({ policy: policy(service, account2), bucketPublicAccessBlock: pab({ restrictPublicBuckets: true }) }));
    expect(grantKeys(withoutPublic.grants)).toEqual([`list account:${OTHER} policy Sid "Account2"`]);
  });

  it(`RestrictPublicBuckets at account level leaves a non-public policy's account grants in force (Block Public Access: "RestrictPublicBuckets only applies to buckets that have public policies", ${BPA_DOC}#access-control-block-public-access-policy-example)`, () => {
    const result = evaluateS3Access(
      s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } })), accountPublicAccessBlock: pab({ restrictPublicBuckets: true }) }),
    );
    expect(result.policyIsPublic).toBe(false);
    expect(grantKeys(result.grants)).toEqual([`readObjects account:${OTHER} policy Sid "Partner"`]);
    expect(result.neutralised).toEqual([]);
    expect(result.trace[0]).toEqual({
      layer: 'Block Public Access',
      ref: 'RestrictPublicBuckets (account)',
      effect: 'blocks',
      detail: 'a public policy admits only the owner account and AWS services',
    });
  });

  it(`a flag on at account OR bucket level applies, and the trace names both places (Block Public Access: "Amazon S3 applies the most restrictive combination of the access point, bucket, and account settings", ${BPA_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ ...publicEverything(), accountPublicAccessBlock: pab({ ignorePublicAcls: true, restrictPublicBuckets: true }), bucketPublicAccessBlock: pab({ ignorePublicAcls: true }) }),
    );
    expect(grantKeys(result.grants)).toEqual([`write account:canonical:${OTHER_CANONICAL} acl CanonicalUser ${OTHER_CANONICAL} WRITE`]);
    expect(result.trace.filter((t) => t.layer === 'Block Public Access' && t.effect === 'blocks').map((t) => t.ref)).toEqual([
      'IgnorePublicAcls (account and bucket)',
      'RestrictPublicBuckets (account)',
    ]);
  });

  it(`all four flags on: nothing public remains; only the non-public ACL account grant survives (Block Public Access settings, ${BPA_DOC}#access-control-block-public-access-options)`, () => {
    const result = evaluateS3Access(s3Input({ ...publicEverything(), accountPublicAccessBlock: ALL_BPA }));
    expect(result.grants.filter((g) => isPublicAudience(g.audience))).toEqual([]);
    expect(result.neutralised.map((n) => n.by).sort()).toEqual([
      'Block Public Access IgnorePublicAcls',
      'Block Public Access RestrictPublicBuckets',
      'Block Public Access RestrictPublicBuckets',
    ]);
  });

  it(`a null configuration means every flag off (GetPublicAccessBlock: no configuration, no blocking, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), bucketPublicAccessBlock: null, accountPublicAccessBlock: null }));
    expect(grantKeys(result.grants)).toEqual(['list anonymous acl AllUsers READ']);
    expect(result.trace.some((t) => t.layer === 'Block Public Access')).toBe(false);
  });
});

describe('Object Ownership (S3 User Guide, Controlling ownership of objects and disabling ACLs)', () => {
  it(`BucketOwnerEnforced disables every ACL grant, account grants included; the policy still applies (Object Ownership: "ACLs no longer affect permissions to data in the S3 bucket", ${OWNERSHIP_DOC})`, () => {
    const result = evaluateS3Access(
      s3Input({ acl: acl(allUsers('READ'), canonicalUser(OTHER_CANONICAL, 'WRITE')), ownership: 'BucketOwnerEnforced', policy: policy(allow({ Sid: 'PublicRead' })) }),
    );
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "PublicRead"']);
    expect(result.neutralised.map((n) => [n.grant.ref, n.by])).toEqual([
      ['AllUsers READ', 'Object Ownership BucketOwnerEnforced'],
      [`CanonicalUser ${OTHER_CANONICAL} WRITE`, 'Object Ownership BucketOwnerEnforced'],
    ]);
    expect(result.trace).toContainEqual({ layer: 'Object Ownership', ref: 'BucketOwnerEnforced', effect: 'neutralises', detail: 'ACLs are disabled; only the policy grants access' });
  });

  it.each(['BucketOwnerPreferred', 'ObjectWriter', null] as (ObjectOwnership | null)[])(
    `Object Ownership %s keeps ACLs enabled, so ACL grants stay in force (Object Ownership: "ACLs enabled" settings, ${OWNERSHIP_DOC})`,
    (ownership) => {
      const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), ownership }));
      expect(grantKeys(result.grants)).toEqual(['list anonymous acl AllUsers READ']);
      expect(result.neutralised).toEqual([]);
      expect(result.trace.some((t) => t.layer === 'Object Ownership')).toBe(false);
    },
  );
});

describe('GetBucketPolicyStatus cross-check and unreadable policies', () => {
  it(`AWS says IsPublic=true but no public grant was found: a conflict is reported (GetBucketPolicyStatus: "whether the policy is public", ${STATUS_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } })), policyStatusIsPublic: true }));
    expect(result.policyStatusConflict).toBe('AWS GetBucketPolicyStatus reports IsPublic=true, but no statement was found to grant public access');
    expect(result.trace).toContainEqual({ layer: 'policy status', effect: 'note', detail: result.policyStatusConflict });
  });

  it(`AWS says IsPublic=true and the evaluation agrees: no conflict (GetBucketPolicyStatus, ${STATUS_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })), policyStatusIsPublic: true }));
    expect(result.policyStatusConflict).toBeUndefined();
    expect(result.trace).toContainEqual({ layer: 'policy status', effect: 'note', detail: 'AWS GetBucketPolicyStatus IsPublic=true agrees' });
  });

  it(`AWS says IsPublic=false and the evaluation finds nothing public: agreement (GetBucketPolicyStatus, ${STATUS_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } })), policyStatusIsPublic: false }));
    expect(result.policyStatusConflict).toBeUndefined();
    expect(result.trace).toContainEqual({ layer: 'policy status', effect: 'note', detail: 'AWS GetBucketPolicyStatus IsPublic=false agrees' });
  });

  it(`AWS says IsPublic=false while the evaluation finds a public grant: the grant stands and the trace does not claim agreement (GetBucketPolicyStatus is a cross-check, ${STATUS_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })), policyStatusIsPublic: false }));
    expect(grantKeys(result.grants)).toEqual(['readObjects anonymous policy Sid "PublicRead"']);
    expect(result.policyStatusConflict).toBeUndefined();
    const status = result.trace.filter((t) => t.layer === 'policy status');
    expect(status).toHaveLength(1);
    expect(status[0]!.detail).not.toContain('agrees');
    expect(status[0]!.detail).toContain('IsPublic=false');
  });

  it(`no IsPublic from the endpoint is unknown, never false: nothing is claimed (DESIGN §4; PolicyStatus.IsPublic, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PolicyStatus.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } })) }));
    expect(result.policyStatusConflict).toBeUndefined();
    expect(result.trace.some((t) => t.layer === 'policy status')).toBe(false);
  });

  it(`an unparseable policy sets policyError, keeps ACL grants and claims no policy verdict (IAM policy grammar: a policy must be valid JSON, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), policy: '{"Statement": [', policyStatusIsPublic: true }));
    expect(result.policyError).toMatch(/^policy is not JSON/);
    expect(grantKeys(result.grants)).toEqual(['list anonymous acl AllUsers READ']);
    expect(result.policyIsPublic).toBe(false);
    expect(result.policyStatusConflict).toBeUndefined();
    expect(result.trace).toContainEqual({ layer: 'bucket policy', effect: 'note', detail: `policy could not be evaluated: ${result.policyError}` });
    expect(result.trace).toContainEqual({ layer: 'policy status', effect: 'note', detail: 'AWS GetBucketPolicyStatus IsPublic=true; the policy could not be evaluated to compare' });
  });

  it(`a structurally invalid statement (bad Effect) is a policy error too (IAM JSON policy elements: Effect, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Effect: 'allow-ish' })) }));
    expect(result.policyError).toBe('Statement[0].Effect: expected "Allow" or "Deny"');
    expect(result.grants).toEqual([]);
  });
});

describe('trace', () => {
  it(`a policy grant's trace step carries layer "bucket policy" and the statement's Sid (IAM JSON policy elements: Sid, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'PublicRead' })) }));
    expect(result.trace).toEqual([
      { layer: 'bucket policy', ref: 'Sid "PublicRead"', effect: 'grants', detail: 'anyone on the internet can read objects via bucket policy Sid "PublicRead"' },
    ]);
  });

  it(`a statement without Sid is traced by its index (IAM JSON policy elements: Sid is optional, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Partner', Principal: { AWS: OTHER } }), allow({ Action: 's3:PutObject' })) }));
    expect(grantKeys(result.grants)).toEqual([`readObjects account:${OTHER} policy Sid "Partner"`, 'write anonymous policy Statement[1]']);
    expect(result.trace.filter((t) => t.effect === 'grants').map((t) => [t.layer, t.ref])).toEqual([
      ['bucket policy', `Sid "Partner"`],
      ['bucket policy', 'Statement[1]'],
    ]);
  });

  it(`an authenticated-only grant reads as "any authenticated AWS principal" (ACL overview: AuthenticatedUsers = any AWS account, ${ACL_DOC}#specifying-grantee-predefined-groups)`, () => {
    const result = evaluateS3Access(s3Input({ bucket: BUCKET, acl: acl(authenticatedUsers('READ_ACP')) }));
    expect(result.grants.map(describeGrant)).toEqual(['any authenticated AWS principal can read the permissions via ACL grant AuthenticatedUsers READ_ACP']);
  });
});
