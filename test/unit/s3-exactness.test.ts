/**
 * The classes of miss of issue 10 ("Exact to the last action and condition key"), each case citing
 * the AWS page it follows. docs/s3-exactness.md lists the classes.
 */
import { describe, expect, it } from 'vitest';
import { evaluateS3Access, describeGrant, type ExposureGrant } from '../../src/analysis/s3-access.ts';
import { clauseHolds } from '../../src/analysis/aws-witness.ts';
import { acl, allow, allUsers, authenticatedUsers, BUCKET_ARN, deny, grantKeys, OBJECTS_ARN, OTHER, OWNER, policy, s3Input, THIRD } from '../support/aws-factories.ts';

const EVAL_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const ACL_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html';
const S3_AUTHZ_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html';
const PRINCIPAL_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html';
const NOTPRINCIPAL_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html';
const PUBLIC_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status';
const KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const ARN_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN';
const S3_KEYS_DOC = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys';

const publicOf = (grants: ExposureGrant[], capability?: string) =>
  grants.filter((g) => g.audience !== 'account' && (capability === undefined || g.capability === capability));

describe('1. an explicit Deny in the bucket policy cancels ACL grants too', () => {
  it(`an unconditional Deny s3:* for everyone cancels an AllUsers READ grant (${EVAL_DOC}; ${S3_AUTHZ_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), policy: policy(deny({ Sid: 'Lockdown' })) }));
    expect(result.grants).toEqual([]);
    expect(result.trace.some((t) => t.effect === 'blocks' && t.ref === 'Sid "Lockdown"' && t.detail.includes('AllUsers READ'))).toBe(true);
  });

  it(`a Deny of s3:ListBucket alone leaves ListBucketVersions, so the READ grant still lists (${EVAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), policy: policy(deny({ Action: 's3:ListBucket', Resource: BUCKET_ARN })) }));
    expect(grantKeys(result.grants)).toEqual(['list anonymous acl AllUsers READ']);
    expect(result.grants[0]!.witness?.action).toBe('s3:ListBucketVersions');
  });

  it(`a Deny the requester avoids (aws:SecureTransport false) does not cancel the ACL grant (${KEYS_DOC}#condition-keys-securetransport)`, () => {
    const text = policy(deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const result = evaluateS3Access(s3Input({ acl: acl(authenticatedUsers('WRITE')), policy: text }));
    expect(grantKeys(result.grants)).toEqual(['write authenticated acl AuthenticatedUsers WRITE']);
    expect(result.grants[0]!.witness?.context['aws:SecureTransport']).toBe('true');
  });

  it(`a Deny of s3:PutObject cancels a public WRITE grant: WRITE lets a grantee create objects, deletes are for owners (differential oracle; ${ACL_DOC}#permissions)`, () => {
    const text = policy(deny({ Action: 's3:PutObject', Resource: OBJECTS_ARN }));
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('WRITE')), policy: text }));
    expect(publicOf(result.grants, 'write')).toEqual([]);
  });

  it(`a Deny of anonymous requests only leaves an AllUsers grant to signed requests of any account (differential oracle; ${ACL_DOC}#specifying-grantee-predefined-groups)`, () => {
    const text = policy(deny({ Sid: 'NoAnonymous', Condition: { StringEquals: { 'aws:PrincipalType': 'Anonymous' } } }));
    const result = evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), policy: text }));
    expect(grantKeys(result.grants)).toEqual(['list authenticated acl AllUsers READ']);
    expect(result.grants[0]!.witness).toMatchObject({ path: 'signed', principal: { type: 'aws' } });
  });

  it(`a Deny of s3:* for everyone still cancels the AllUsers grant for signed requests too (${EVAL_DOC})`, () => {
    expect(evaluateS3Access(s3Input({ acl: acl(allUsers('READ')), policy: policy(deny()) })).grants).toEqual([]);
  });

  it(`a Deny of writes to one prefix leaves the WRITE grant on the rest of the bucket (${EVAL_DOC})`, () => {
    const text = policy(deny({ Action: 's3:PutObject', Resource: `${BUCKET_ARN}/locked/*` }));
    expect(evaluateS3Access(s3Input({ acl: acl(allUsers('WRITE')), policy: text })).grants).toHaveLength(1);
  });
});

describe('2. every principal form AWS counts as public', () => {
  const forms: [string, unknown][] = [['"*"', '*'], ['{"AWS":"*"}', { AWS: '*' }], ['{"AWS":["*"]}', { AWS: ['*'] }]];
  for (const [name, principal] of forms) {
    it(`${name} is anyone (${PRINCIPAL_DOC}#principal-anonymous)`, () => {
      expect(grantKeys(evaluateS3Access(s3Input({ policy: policy(allow({ Principal: principal })) })).grants)).toEqual(['readObjects anonymous policy Statement[0]']);
    });
  }

  it(`an account id and an ARN of that account are that account, not the public (${PRINCIPAL_DOC}#principal-accounts)`, () => {
    const text = policy(allow({ Sid: 'Id', Principal: { AWS: OTHER } }), allow({ Sid: 'Arn', Principal: { AWS: `arn:aws:iam::${THIRD}:role/reader` } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([`readObjects account:${OTHER} policy Sid "Id"`, `readObjects account:${THIRD} policy Sid "Arn"`]);
  });

  for (const provider of ['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']) {
    it(`Federated ${provider} admits any user of that web identity provider: public (${PRINCIPAL_DOC}#principal-federated-web-identity)`, () => {
      const result = evaluateS3Access(s3Input({ policy: policy(allow({ Sid: 'Web', Principal: { Federated: provider } })) }));
      expect(grantKeys(result.grants)).toEqual(['readObjects authenticated policy Sid "Web"']);
      expect(result.grants[0]!.witness).toMatchObject({ path: 'web-identity', principal: { type: 'federated', provider } });
    });
  }

  it(`a Deny of Cognito users leaves an Allow of Google users standing: each web identity names one provider (differential oracle; ${PRINCIPAL_DOC}#principal-federated-web-identity)`, () => {
    const text = policy(allow({ Sid: 'Google', Principal: { Federated: 'accounts.google.com' } }), deny({ Sid: 'NoCognito', Principal: { Federated: 'cognito-identity.amazonaws.com' } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual(['readObjects authenticated policy Sid "Google"']);
    const both = policy(allow({ Sid: 'Google', Principal: { Federated: 'accounts.google.com' } }), deny({ Principal: { Federated: ['accounts.google.com', 'cognito-identity.amazonaws.com'] } }));
    expect(evaluateS3Access(s3Input({ policy: both })).grants).toEqual([]);
  });

  it(`a SAML provider of the owner's account is not an outsider; one of another account is that account (${PRINCIPAL_DOC}#principal-saml)`, () => {
    const own = policy(allow({ Principal: { Federated: `arn:aws:iam::${OWNER}:saml-provider/corp` } }));
    expect(evaluateS3Access(s3Input({ policy: own })).grants).toEqual([]);
    const theirs = policy(allow({ Principal: { Federated: `arn:aws:iam::${OTHER}:saml-provider/corp` } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: theirs })).grants)).toEqual([`readObjects account:${OTHER} policy Statement[0]`]);
  });

  it(`a Service principal is not public (The meaning of public: a fixed service principal, ${PUBLIC_DOC})`, () => {
    expect(evaluateS3Access(s3Input({ policy: policy(allow({ Principal: { Service: 'cloudtrail.amazonaws.com' } })) })).grants).toEqual([]);
  });

  it(`NotPrincipal with Allow admits everyone not listed: public (${NOTPRINCIPAL_DOC})`, () => {
    const result = evaluateS3Access(s3Input({ policy: policy(allow({ Principal: undefined, NotPrincipal: { AWS: OTHER } })) }));
    expect(publicOf(result.grants)).toHaveLength(1);
  });

  it(`NotPrincipal with Deny denies everyone not listed, so only the listed account keeps the Allow (${NOTPRINCIPAL_DOC})`, () => {
    const text = policy(allow({ Sid: 'All' }), deny({ Principal: undefined, NotPrincipal: { AWS: OTHER } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: text })).grants).filter((k) => k.startsWith('readObjects'))).toEqual([]);
  });
});

describe('3. condition keys exist only on some request paths', () => {
  it(`IpAddressIfExists aws:SourceIp is met through a VPC endpoint, where aws:SourceIp is absent (${KEYS_DOC}#condition-keys-sourceip)`, () => {
    const text = policy(allow({ Condition: { IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    const result = evaluateS3Access(s3Input({ policy: text }));
    expect(publicOf(result.grants, 'readObjects')).toHaveLength(1);
    expect(result.grants[0]!.witness).toMatchObject({ path: 'vpc-endpoint' });
    expect(result.grants[0]!.witness!.context['aws:SourceIp']).toBeUndefined();
  });

  it(`the witness of a grant public through a broad CIDR is an address of that CIDR, not of the owner's fixed network beside it (differential oracle; ${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/1'] } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(String(grant?.witness?.context['aws:SourceIp'])).not.toMatch(/^203\.0\.113\./);
  });

  it(`the witness's own address lies outside every fixed network the policy names (${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Sid: 'Open' }), allow({ Sid: 'Office', Action: 's3:PutObject', Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.7/32' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(grant?.witness?.context['aws:SourceIp']).not.toBe('198.51.100.7');
  });

  it(`IpAddress aws:SourceIp with a fixed CIDR stays non-public on every path (${KEYS_DOC}#condition-keys-sourceip)`, () => {
    const text = policy(allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
  });

  it(`Null aws:SourceIp "true" holds only through a VPC endpoint: any outsider's endpoint, so public (${KEYS_DOC}#condition-keys-sourceip)`, () => {
    const text = policy(allow({ Condition: { Null: { 'aws:SourceIp': 'true' } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants)).toHaveLength(1);
  });

  it(`a Deny unless aws:SourceIp is fixed also denies VPC endpoint requests (NotIpAddress on an absent key holds) (${KEYS_DOC}#condition-keys-sourceip)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Sid: 'OnlyOffice', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
  });

  it(`a Deny unless aws:SourceVpce is fixed leaves no path open (${KEYS_DOC}#condition-keys-sourcevpce)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
  });

  it(`a Deny NotIpAddressIfExists aws:SourceIp still denies VPC endpoint requests: IfExists holds when the key is absent (${KEYS_DOC}#condition-keys-sourceip; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Condition: { NotIpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
  });

  it(`a Deny of a blocklisted aws:SourceIp range restricts nothing: other addresses and VPC endpoints avoid it (${KEYS_DOC}#condition-keys-sourceip)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }));
    const result = evaluateS3Access(s3Input({ policy: text }));
    expect(publicOf(result.grants, 'readObjects')).toHaveLength(1);
    expect(result.grants[0]!.witness).toBeDefined();
  });

  it(`aws:PrincipalOrgID is absent for anonymous requests, so a Deny unless it matches stops them (${KEYS_DOC}#condition-keys-principalorgid)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
  });
});

describe('3b. keys the outsider chooses (found by the differential oracle)', () => {
  it(`a fixed aws:username restricts nothing: any account can create a user of that name, and the key is not in the meaning of public (${PUBLIC_DOC}; ${KEYS_DOC}#condition-keys-username)`, () => {
    const text = policy(allow({ Sid: 'Alice', Condition: { StringEquals: { 'aws:username': 'alice' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(grant?.audience).toBe('authenticated');
    expect(grant?.witness?.context['aws:username']).toBe('alice');
  });

  it(`a Google web identity request carries no cognito-identity.amazonaws.com keys, so ...IfExists on them holds (${KEYS_DOC}; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)`, () => {
    const text = policy(allow({ Sid: 'Web', Principal: { Federated: 'accounts.google.com' }, Condition: { StringEqualsIfExists: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-abcd-abcd-abcd-123456789012' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(grant?.witness).toMatchObject({ path: 'web-identity', principal: { type: 'federated', provider: 'accounts.google.com' } });
  });
});

describe('3c. the request time is now or later (found by the differential oracle)', () => {
  const DATE_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date';

  it(`a grant that ended in the past (DateLessThan aws:CurrentTime 2020) admits nobody (${DATE_DOC}; ${KEYS_DOC}#condition-keys-currenttime)`, () => {
    const text = policy(allow({ Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([]);
    const epoch = policy(allow({ Condition: { NumericLessThan: { 'aws:EpochTime': '1577836800' } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: epoch })).grants)).toEqual([]);
  });

  it(`a grant from a future date is public, and its witness is dated after that moment (${DATE_DOC})`, () => {
    const text = policy(allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2099-12-31T23:59:59Z' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(Date.parse(String(grant?.witness?.context['aws:CurrentTime']))).toBeGreaterThan(Date.parse('2099-12-31T23:59:59Z'));
  });

  it(`a Deny until a past date has lapsed: it no longer cancels the grant, and the witness carries the time (${DATE_DOC})`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(Date.parse(String(grant?.witness?.context['aws:CurrentTime']))).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
  });
});

describe('5. cross-account access through aws:SourceArn and access points', () => {
  for (const [operator, key] of [['ArnEquals', 'aws:SourceArn'], ['ArnLike', 'AWS:SOURCEARN'], ['StringEquals', 'aws:sourcearn'], ['StringLike', 'aws:SourceArn']] as const) {
    it(`${operator} ${key} naming a trail of another account grants that account (Prowler test_condition_parser_*_SourceArn_*_not_valid; ${KEYS_DOC}#condition-keys-sourcearn)`, () => {
      for (const value of [`arn:aws:cloudtrail:us-east-1:${OTHER}:trail/t`, [`arn:aws:cloudtrail:us-east-1:${OTHER}:trail/t`]]) {
        const text = policy(allow({ Sid: 'Trail', Action: 's3:PutObject', Condition: { [operator]: { [key]: value } } }));
        const result = evaluateS3Access(s3Input({ policy: text }));
        expect(grantKeys(result.grants)).toEqual([`write account:${OTHER} policy Sid "Trail"`]);
      }
    });
  }

  it(`a SourceArn of the owner's own account grants nobody outside (Prowler test_source_arn_with_account_validation_mismatch; ${KEYS_DOC}#condition-keys-sourcearn)`, () => {
    const text = policy(allow({ Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OWNER}:trail/*` } } }));
    expect(evaluateS3Access(s3Input({ policy: text })).grants.filter((g) => g.audience === 'account')).toEqual([]);
  });

  it(`s3:DataAccessPointAccount naming another account grants that account (Custodian test_s3_dataaccesspointaccount_cross_account; ${S3_KEYS_DOC})`, () => {
    const text = policy(allow({ Sid: 'Ap', Condition: { StringEquals: { 's3:DataAccessPointAccount': OTHER } } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([`readObjects account:${OTHER} policy Sid "Ap"`]);
  });

  it(`s3:DataAccessPointArn naming another account's access point grants that account (${S3_KEYS_DOC})`, () => {
    const text = policy(allow({ Sid: 'Ap', Condition: { StringLike: { 's3:DataAccessPointArn': `arn:aws:s3:us-east-1:${OTHER}:accesspoint/*` } } }));
    expect(grantKeys(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([`readObjects account:${OTHER} policy Sid "Ap"`]);
  });
});

describe('6. aws:ResourceAccount is always the bucket owner', () => {
  for (const key of ['aws:ResourceAccount', 's3:ResourceAccount']) {
    it(`${key} = another account never holds, so the statement grants nothing (${KEYS_DOC}#condition-keys-resourceaccount)`, () => {
      const text = policy(allow({ Condition: { StringEquals: { [key]: OTHER } } }));
      expect(evaluateS3Access(s3Input({ policy: text })).grants).toEqual([]);
    });
  }

  it(`aws:ResourceAccount = the owner always holds: the grant is public (${KEYS_DOC}#condition-keys-resourceaccount)`, () => {
    const text = policy(allow({ Condition: { StringEquals: { 'aws:ResourceAccount': OWNER } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants)).toHaveLength(1);
  });
});

describe('7. ArnEquals and ArnLike behave identically', () => {
  it(`ArnEquals honours * and ? like ArnLike (${ARN_DOC})`, () => {
    const ctx = { 'aws:SourceArn': `arn:aws:sns:us-east-1:${OTHER}:alerts` };
    for (const operator of ['ArnEquals', 'ArnLike']) {
      expect(clauseHolds({ operator, key: 'aws:SourceArn', values: ['arn:aws:sns:*:*:alert?'] }, ctx)).toBe(true);
      expect(clauseHolds({ operator, key: 'aws:SourceArn', values: ['arn:aws:sqs:*:*:*'] }, ctx)).toBe(false);
    }
    const wildcardAccount = (operator: string) =>
      publicOf(evaluateS3Access(s3Input({ policy: policy(allow({ Condition: { [operator]: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:*:alerts' } } })) })).grants);
    expect(wildcardAccount('ArnEquals')).toHaveLength(1);
    expect(wildcardAccount('ArnLike')).toHaveLength(1);
  });
});

describe('8. aws:userid as the meaning of public says', () => {
  it(`aws:userid "AROLEID:*" names sessions of one role: non-public (The meaning of public: "aws:userid, outside the pattern AROLEID:*", ${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([]);
  });

  it(`aws:userid with any other wildcard, or a policy variable, is public (${PUBLIC_DOC})`, () => {
    for (const value of ['AROA*', '*:session', '${aws:userid}']) {
      const text = policy(allow({ Principal: { AWS: '*' }, Condition: { StringLike: { 'aws:userid': value } } }));
      expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants).length).toBeGreaterThan(0);
    }
  });

  it(`a fixed aws:userid is non-public (${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLEUSERID' } } }));
    expect(publicOf(evaluateS3Access(s3Input({ policy: text })).grants)).toEqual([]);
  });
});

describe('9. messages say who really gets in', () => {
  it(`a wildcard aws:SourceArn with a fixed account is public by AWS's definition but named as that account's resources (${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Sid: 'Trails', Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OTHER}:trail/*` } } }));
    const result = evaluateS3Access(s3Input({ policy: text }));
    const open = publicOf(result.grants, 'write');
    expect(open).toHaveLength(1);
    expect(describeGrant(open[0]!)).toContain(`any resource of service cloudtrail in account ${OTHER} (wildcard source ARN)`);
    expect(describeGrant(open[0]!)).not.toContain('any authenticated AWS principal');
    expect(open[0]!.witness).toMatchObject({ path: 'aws-service', principal: { type: 'service', service: 'cloudtrail.amazonaws.com', sourceAccount: OTHER } });
  });
});

describe('10. policy variables in Resource take the request\'s values (found by the differential oracle)', () => {
  const VARIABLES_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
  const home = (variable: string) => policy(allow({ Sid: 'Home', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/home/${variable}/*` }));

  it(`\${aws:username} in Resource reaches no object for an anonymous request, which has no user name ("If the key is not present ... the policy does not match", ${VARIABLES_DOC})`, () => {
    const { grants } = evaluateS3Access(s3Input({ policy: home('${aws:username}') }));
    expect(grants.filter((g) => g.audience === 'anonymous')).toEqual([]);
  });

  it(`a signed outsider picks its own user name, so the grant reaches it; the witness asks for its own home (${VARIABLES_DOC}; ${KEYS_DOC}#condition-keys-username)`, () => {
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: home('${aws:username}') })).grants, 'readObjects');
    expect(grant).toMatchObject({ audience: 'authenticated', witness: { path: 'signed' } });
    expect(grant!.witness!.resource).toBe(`${BUCKET_ARN}/home/${String(grant!.witness!.context['aws:username'])}/x`);
  });

  it(`a default \${aws:username, 'shared'} stands in for the absent key, so anonymous requests reach home/shared/ (${VARIABLES_DOC}, "Specifying default values")`, () => {
    const [grant] = evaluateS3Access(s3Input({ policy: home("${aws:username, 'shared'}") })).grants.filter((g) => g.audience === 'anonymous');
    expect(grant?.witness).toMatchObject({ path: 'anonymous', resource: `${BUCKET_ARN}/home/shared/x` });
  });
});

describe('11. Service principals on the AWS-service path (found by the differential oracle)', () => {
  // Only requests an AWS service makes for a resource carry aws:SourceArn (IAM UG, global condition keys).
  const serviceOnly = allow({ Sid: 'Services', Action: 's3:PutObject', Condition: { Null: { 'aws:SourceArn': 'false' } } });
  const serviceWitness = (text: string) => evaluateS3Access(s3Input({ policy: text })).grants.find((g) => g.witness?.path === 'aws-service')?.witness;

  it(`a Deny naming {"Service": "cloudtrail.amazonaws.com"} bars that service only: another service is the witness (${PRINCIPAL_DOC}#principal-services)`, () => {
    const witness = serviceWitness(policy(serviceOnly, deny({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:*' })));
    expect(witness?.principal).toMatchObject({ type: 'service' });
    expect(witness?.principal).not.toMatchObject({ service: 'cloudtrail.amazonaws.com' });
  });

  it(`an Allow with NotPrincipal {"Service": "cloudtrail.amazonaws.com"} admits the other services, and the witness is one of them (${NOTPRINCIPAL_DOC})`, () => {
    const text = policy({ ...serviceOnly, Principal: undefined, NotPrincipal: { Service: 'cloudtrail.amazonaws.com' } });
    const witness = serviceWitness(text);
    expect(witness?.principal).toMatchObject({ type: 'service' });
    expect(witness?.principal).not.toMatchObject({ service: 'cloudtrail.amazonaws.com' });
  });

  it(`a Deny of everyone but {"Service": "config.amazonaws.com"} leaves that service, acting for any account, the grant (${NOTPRINCIPAL_DOC}; ${PRINCIPAL_DOC}#principal-services)`, () => {
    const text = policy(serviceOnly, deny({ Principal: undefined, NotPrincipal: { Service: 'config.amazonaws.com' }, Action: 's3:*' }));
    expect(serviceWitness(text)?.principal).toMatchObject({ type: 'service', service: 'config.amazonaws.com' });
  });
});

describe('witness: found wrong by the differential oracle', () => {
  it(`a service acting for the owner is no outsider: the witness's source is another account (${KEYS_DOC}#condition-keys-sourcearn)`, () => {
    const text = policy(allow({ Sid: 'Trails', Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': [`arn:aws:cloudtrail:us-east-1:${OWNER}:trail/*`, `arn:aws:cloudtrail:*:${OTHER}:trail/*`] } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'write');
    expect(grant?.witness?.principal).toMatchObject({ type: 'service', sourceAccount: OTHER });
  });

  it(`to dodge a Deny the witness changes only keys its path carries: no aws:SourceVpc outside a VPC endpoint (${KEYS_DOC}#condition-keys-sourcevpc)`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Sid: 'Vpc', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-111bbb22' }, Bool: { 'aws:SecureTransport': 'true' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    const witness = grant!.witness!;
    if (witness.path !== 'vpc-endpoint') expect(witness.context['aws:SourceVpc']).toBeUndefined();
    expect(witness.path === 'vpc-endpoint' || witness.context['aws:SecureTransport'] === 'false').toBe(true);
  });

  it(`to dodge a Deny unless aws:SourceIp is the owner's network, the witness never takes an address of that network (${PUBLIC_DOC})`, () => {
    const text = policy(allow({ Sid: 'Read' }), deny({ Sid: 'Office', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/25' }, DateLessThan: { 'aws:EpochTime': '4102444800' } } }));
    for (const grant of publicOf(evaluateS3Access(s3Input({ policy: text })).grants)) {
      expect(String(grant.witness?.context['aws:SourceIp'] ?? '')).not.toMatch(/^192\.0\.2\.([0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/);
    }
  });

  it(`a signed witness carries aws:username, so a condition on \${aws:username} can be met (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)`, () => {
    const text = policy(allow({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } } }));
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(grant?.witness?.context['aws:username']).toBe(grant?.witness?.context['aws:PrincipalTag/team']);
  });
});

describe('witness: one concrete request the combined layers allow', () => {
  it(`picks values satisfying the grant and avoiding an avoidable Deny (${EVAL_DOC})`, () => {
    const text = policy(
      allow({ Sid: 'Ref', Condition: { StringLike: { 'aws:Referer': 'https://example.com/*' } } }),
      deny({ Sid: 'NoPlain', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const [grant] = publicOf(evaluateS3Access(s3Input({ policy: text })).grants, 'readObjects');
    expect(grant!.witness).toEqual({
      path: 'anonymous',
      principal: { type: 'anonymous' },
      action: 's3:GetObject',
      resource: `${BUCKET_ARN}/ajar-witness`.replace('/ajar-witness', '/x'),
      context: expect.objectContaining({ 'aws:Referer': 'https://example.com/x', 'aws:SecureTransport': 'true' }),
    });
    expect(OBJECTS_ARN).toBe(`${BUCKET_ARN}/*`);
  });
});
