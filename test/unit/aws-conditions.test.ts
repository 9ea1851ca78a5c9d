/**
 * Three-valued Condition evaluation for a class of requesters, and the accounts a condition names.
 * "never" means no requester of the class can meet the clause (it restricts), "always" that every
 * request meets it, "sometimes" that the requester can choose (it restricts nothing).
 * Every case names the AWS documentation rule it exercises.
 */
import { describe, expect, it } from 'vitest';
import {
  accountsNamedBy,
  conditionOutcome,
  evaluateClause,
  type ConditionClause,
  type RequesterClass,
} from '../../src/analysis/aws-conditions.ts';
import { OTHER, THIRD } from '../support/aws-factories.ts';

const OPERATORS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const CONDITION_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html';
const MULTI_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html';
const SET_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';
const KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const VARIABLES_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
const PUBLIC_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status';

const ANON: RequesterClass = { kind: 'anonymous' };
const AUTH: RequesterClass = { kind: 'authenticated' };
const account = (id: string): RequesterClass => ({ kind: 'account', account: id });
// Keys that exist only on one request path are judged on that path (IAM UG, AWS global condition
// context keys: aws:SourceVpc/aws:SourceVpce only through a VPC endpoint, aws:SourceArn only when
// a service acts for a resource).
const ANON_VPCE: RequesterClass = { kind: 'anonymous', path: 'vpc-endpoint' };
const AUTH_SERVICE: RequesterClass = { kind: 'authenticated', path: 'aws-service' };

const clause = (operator: string, key: string, ...values: string[]): ConditionClause => ({ operator, key, values });
const outcome = (c: ConditionClause, requester: RequesterClass) => evaluateClause(c, requester).outcome;

describe('keys AWS lists as restricting when given fixed values (S3 User Guide, The meaning of "public")', () => {
  it(`aws:SourceIp with a fixed CIDR is non-public: the internet at large cannot meet it (The meaning of public: "A set of CIDRs, using aws:SourceIp", ${PUBLIC_DOC})`, () => {
    const c = clause('IpAddress', 'aws:SourceIp', '203.0.113.0/24', '2001:db8:1234::/48');
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`aws:SourceIp with an RFC 1918 /8 range is still a fixed CIDR (The meaning of public: only ranges broader than /8 (IPv4), RFC 1918 excluded, are public, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), ANON)).toBe('never');
  });

  it(`aws:SourceIp 0.0.0.0/0 together with ::/0 admits every address and restricts nothing (IAM condition operators: IP address operators, ${OPERATORS_DOC}#Conditions_IPAddress)`, () => {
    const r = evaluateClause(clause('IpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0'), ANON);
    expect(r.outcome).toBe('always');
    expect(r.note).toContain('holds for every such request');
  });

  it(`aws:SourceIp 0.0.0.0/0 alone still admits every IPv4 address: not a restriction (The meaning of public: broad aws:SourceIp ranges are public, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '0.0.0.0/0'), ANON)).toBe('sometimes');
  });

  it(`aws:SourceIp broader than /8 (e.g. 0.0.0.0/1) is evaluated as public (The meaning of public, note: "very broad IP ranges (for example, 0.0.0.0/1) are evaluated as public", ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '0.0.0.0/1'), ANON)).toBe('sometimes');
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '128.0.0.0/2'), AUTH)).toBe('sometimes');
  });

  it(`aws:SourceIp broader than /32 for IPv6 is evaluated as public (The meaning of public, note: "values broader than ... /32 for IPv6", ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '2000::/3'), ANON)).toBe('sometimes');
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '2001:db8::/32'), ANON)).toBe('never');
  });

  it(`a /0 prefix covers its whole address family whatever address precedes it (RFC 4632 CIDR notation, cited by The meaning of public, https://www.rfc-editor.org/rfc/rfc4632.txt)`, () => {
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '203.0.113.0/0', '2001:db8::/0'), ANON)).toBe('always');
    expect(outcome(clause('IpAddress', 'aws:SourceIp', '203.0.113.0/0'), ANON)).toBe('sometimes');
  });

  it(`NotIpAddress with a fixed CIDR admits everyone outside it (IAM condition operators: NotIpAddress — "all IP addresses except the specified range", ${OPERATORS_DOC}#Conditions_IPAddress)`, () => {
    expect(outcome(clause('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), ANON)).toBe('always');
    expect(outcome(clause('NotIpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0'), ANON)).toBe('never');
  });

  it(`aws:SourceVpc with a fixed value is non-public: internet requests carry no VPC, others carry their own (The meaning of public: "aws:SourceVpc", ${PUBLIC_DOC})`, () => {
    const c = clause('StringEquals', 'aws:SourceVpc', 'vpc-91237329');
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`aws:SourceVpce with a fixed value is non-public (The meaning of public: "aws:SourceVpce", ${PUBLIC_DOC})`, () => {
    const r = evaluateClause(clause('StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'), ANON);
    expect(r.outcome).toBe('never');
    expect(r.note).toContain('cannot meet it');
  });

  it(`aws:PrincipalOrgID with a fixed value restricts outsiders; a member account may meet it (The meaning of public: "An AWS principal ... (e.g. aws:PrincipalOrgID)", ${PUBLIC_DOC})`, () => {
    const c = clause('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5');
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
    expect(outcome(c, account(OTHER))).toBe('sometimes');
  });

  it(`aws:PrincipalAccount with a fixed value admits only that account (Global condition keys: aws:PrincipalAccount — "the account to which the requesting principal belongs", ${KEYS_DOC}#condition-keys-principalaccount)`, () => {
    const c = clause('StringEquals', 'aws:PrincipalAccount', OTHER);
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
    expect(outcome(c, account(OTHER))).toBe('always');
    expect(outcome(c, account(THIRD))).toBe('never');
  });

  it(`aws:SourceAccount with a fixed value is non-public: direct callers carry no source account (The meaning of public: "aws:SourceAccount", ${PUBLIC_DOC})`, () => {
    const c = clause('StringEquals', 'aws:SourceAccount', OTHER);
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`aws:SourceArn with a fixed ARN is non-public (The meaning of public: "aws:SourceArn", ${PUBLIC_DOC})`, () => {
    const c = clause('ArnEquals', 'aws:SourceArn', `arn:aws:cloudtrail:us-east-1:${OTHER}:trail/main`);
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`aws:SourceOwner with a fixed value is non-public (The meaning of public: "aws:SourceOwner", ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringEquals', 'aws:SourceOwner', OTHER), AUTH)).toBe('never');
  });

  it(`aws:userid with a fixed value is non-public (The meaning of public: "aws:userid, outside the pattern AROLEID:*", ${PUBLIC_DOC})`, () => {
    const c = clause('StringEquals', 'aws:userid', 'AIDAJQABLZS4A3QDU576Q');
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`s3:x-amz-server-side-encryption-aws-kms-key-id with a fixed key is non-public (The meaning of public: "s3:x-amz-server-side-encryption-aws-kms-key-id", ${PUBLIC_DOC})`, () => {
    const c = clause('StringEquals', 's3:x-amz-server-side-encryption-aws-kms-key-id', `arn:aws:kms:us-east-1:${OTHER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });

  it(`s3:DataAccessPointArn may wildcard the access point name while the account is fixed (The meaning of public, note on s3:DataAccessPointArn: "can contain a wildcard for the access point name ... as long as the account id is fixed", ${PUBLIC_DOC})`, () => {
    const c = clause('StringLike', 's3:DataAccessPointArn', `arn:aws:s3:us-west-2:${OTHER}:accesspoint/*`);
    expect(outcome(c, ANON)).toBe('never');
    expect(outcome(c, AUTH)).toBe('never');
  });
});

describe('wildcards and policy variables are not fixed values (S3 User Guide, The meaning of "public")', () => {
  it(`StringLike aws:SourceVpc "vpc-*" is public — AWS's own example of a public policy (The meaning of public: fixed values "don't contain a wildcard", ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringLike', 'aws:SourceVpc', 'vpc-*'), ANON_VPCE)).toBe('sometimes');
  });

  it(`StringLike aws:PrincipalOrgID "o-*" is met by any organisation's member (The meaning of public: wildcard values are not fixed, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringLike', 'aws:PrincipalOrgID', 'o-*'), AUTH)).toBe('sometimes');
  });

  it(`StringLike aws:PrincipalAccount "*" is met by any account (The meaning of public: wildcard values are not fixed, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringLike', 'aws:PrincipalAccount', '*'), AUTH)).toBe('sometimes');
  });

  it(`ArnLike aws:SourceArn with a wildcard account is met by any account's resource (The meaning of public: aws:SourceArn counts only with a fixed value, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:*:alerts'), AUTH_SERVICE)).toBe('sometimes');
    expect(outcome(clause('StringLike', 'aws:SourceAccount', '*'), AUTH_SERVICE)).toBe('sometimes');
  });

  it(`a wildcard KMS key id is not a fixed s3:x-amz-server-side-encryption-aws-kms-key-id (The meaning of public: fixed values only, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringLike', 's3:x-amz-server-side-encryption-aws-kms-key-id', 'arn:aws:kms:*'), AUTH)).toBe('sometimes');
  });

  it(`s3:DataAccessPointArn with a wildcard account is not fixed (The meaning of public: the access point exception requires a fixed account id, ${PUBLIC_DOC})`, () => {
    expect(outcome(clause('StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-west-2:*:accesspoint/*'), AUTH)).toBe('sometimes');
  });

  it(`a policy variable is not a fixed value: StringEquals aws:PrincipalOrgID "\${aws:ResourceOrgID}" (The meaning of public: fixed values contain no "IAM policy variable", ${PUBLIC_DOC}; ${VARIABLES_DOC})`, () => {
    expect(outcome(clause('StringEquals', 'aws:PrincipalOrgID', '${aws:ResourceOrgID}'), AUTH)).toBe('sometimes');
    expect(outcome(clause('StringEquals', 'aws:SourceVpce', '${aws:SourceVpce}'), ANON_VPCE)).toBe('sometimes');
  });
});

describe('keys the requester controls restrict nothing', () => {
  it(`aws:Referer is a header the caller sets (Global condition keys: aws:Referer — "should not be used to prevent unauthorized parties from making direct AWS requests", ${KEYS_DOC}#condition-keys-referer)`, () => {
    const r = evaluateClause(clause('StringLike', 'aws:Referer', 'https://www.example.com/*'), ANON);
    expect(r.outcome).toBe('sometimes');
    expect(r.note).toContain('restricts nothing');
  });

  it(`aws:UserAgent is a header the caller sets (Global condition keys: aws:UserAgent — "should not be used to prevent unauthorized parties", ${KEYS_DOC}#condition-keys-useragent)`, () => {
    expect(outcome(clause('StringEquals', 'aws:UserAgent', 'internal-tool/1.0'), ANON)).toBe('sometimes');
  });

  it(`aws:SecureTransport only asks for HTTPS, which anyone can use (Global condition keys: aws:SecureTransport — whether the request was sent using TLS, ${KEYS_DOC}#condition-keys-securetransport)`, () => {
    expect(outcome(clause('Bool', 'aws:SecureTransport', 'true'), ANON)).toBe('sometimes');
    expect(outcome(clause('Bool', 'aws:SecureTransport', 'false'), AUTH)).toBe('sometimes');
  });

  it(`s3:prefix is a request parameter (S3 condition keys: s3:prefix — the prefix in a ListBucket request, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys)`, () => {
    expect(outcome(clause('StringLike', 's3:prefix', 'home/*'), ANON)).toBe('sometimes');
  });
});

describe('operators, IfExists, set operators and Null', () => {
  it(`a key absent from the request makes a positive operator false (IAM condition operators: "If the key ... is not present in the request context, the values do not match and the condition is false", ${OPERATORS_DOC})`, () => {
    expect(outcome(clause('StringEquals', 'aws:PrincipalTag/team', 'red'), ANON)).toBe('never');
  });

  it(`a key absent from the request makes a negated operator true (IAM condition operators: "If the policy condition requires that the key is not matched, such as StringNotLike ..., the condition is true", ${OPERATORS_DOC})`, () => {
    expect(outcome(clause('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'), ANON)).toBe('always');
    expect(outcome(clause('StringNotEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), AUTH)).toBe('always');
  });

  it(`...IfExists — key absent evaluates true (IAM condition operators: "If the key is not present, evaluate the condition element as true", ${OPERATORS_DOC}#Conditions_IfExists)`, () => {
    expect(outcome(clause('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'), ANON)).toBe('always');
    expect(outcome(clause('StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), ANON)).toBe('always');
  });

  it(`StringEqualsIfExists aws:SourceVpce is met by every internet request (key absent), so it restricts nothing (IAM condition operators: ...IfExists, ${OPERATORS_DOC}#Conditions_IfExists)`, () => {
    expect(outcome(clause('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1a2b3c4d'), ANON)).toBe('always');
    expect(outcome(clause('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1a2b3c4d'), ANON_VPCE)).toBe('never');
  });

  it(`ForAllValues with an absent key evaluates true (Single-valued vs multivalued keys: ForAllValues "also returns true if there are no context keys in the request", ${SET_DOC})`, () => {
    expect(outcome(clause('ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), ANON)).toBe('always');
  });

  it(`ForAnyValue with an absent key evaluates false (Single-valued vs multivalued keys: ForAnyValue returns false when the key is absent, ${SET_DOC})`, () => {
    expect(outcome(clause('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'), ANON)).toBe('never');
    expect(outcome(clause('ForAnyValue:StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'), ANON)).toBe('never');
  });

  it(`Null "true" holds when the key is absent, "false" when present (IAM condition operators: Null — "true (the key doesn't exist — it is null)", ${OPERATORS_DOC}#Conditions_Null)`, () => {
    expect(outcome(clause('Null', 'aws:PrincipalOrgID', 'true'), ANON)).toBe('always');
    expect(outcome(clause('Null', 'aws:PrincipalOrgID', 'false'), ANON)).toBe('never');
    // Any VPC endpoint at all satisfies "aws:SourceVpce is present": not a fixed endpoint.
    expect(outcome(clause('Null', 'aws:SourceVpce', 'false'), ANON)).toBe('never');
    expect(outcome(clause('Null', 'aws:SourceVpce', 'false'), ANON_VPCE)).toBe('always');
  });

  it(`condition key names are case-insensitive (IAM JSON policy elements: Condition — "Condition key names are not case-sensitive", ${CONDITION_DOC})`, () => {
    expect(outcome(clause('StringEquals', 'AWS:SOURCEVPCE', 'vpce-1a2b3c4d'), ANON)).toBe('never');
    expect(outcome(clause('StringLike', 'Aws:Referer', '*'), ANON)).toBe('sometimes');
  });

  it(`multiple values for one key are ORed (Multiple context keys or values: "the condition is true if any one of the values matches", ${MULTI_DOC})`, () => {
    const c = clause('StringEquals', 'aws:PrincipalAccount', OTHER, THIRD);
    expect(outcome(c, account(OTHER))).toBe('always');
    expect(outcome(c, account(THIRD))).toBe('always');
    expect(outcome(c, account('999999999999'))).toBe('never');
  });

  it(`multiple conditions are ANDed: one unmeetable clause makes the block unmeetable (Multiple context keys or values: "a logical AND operation", ${MULTI_DOC})`, () => {
    const r = conditionOutcome(
      [clause('Bool', 'aws:SecureTransport', 'true'), clause('StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d')],
      ANON,
    );
    expect(r.outcome).toBe('never');
    expect(r.clauses.map((c) => c.outcome)).toEqual(['sometimes', 'never']);
  });

  it(`ANDed clauses that the requester can each meet leave the block meetable; no clauses always hold (Multiple context keys or values, ${MULTI_DOC})`, () => {
    expect(conditionOutcome([clause('Bool', 'aws:SecureTransport', 'true'), clause('IpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0')], ANON).outcome).toBe('sometimes');
    expect(conditionOutcome([], ANON)).toEqual({ outcome: 'always', clauses: [] });
  });

  it(`anonymous requests carry aws:PrincipalType "Anonymous" (IAM policy variables: request information for anonymous users, ${VARIABLES_DOC})`, () => {
    expect(outcome(clause('StringEquals', 'aws:PrincipalType', 'Anonymous'), ANON)).toBe('always');
    expect(outcome(clause('StringEquals', 'aws:PrincipalType', 'AssumedRole'), ANON)).toBe('never');
  });

  it(`StringEqualsIgnoreCase compares without case (IAM condition operators: StringEqualsIgnoreCase — "Exact matching, ignoring case", ${OPERATORS_DOC}#Conditions_String)`, () => {
    expect(outcome(clause('StringEqualsIgnoreCase', 'aws:PrincipalAccount', OTHER), account(OTHER))).toBe('always');
    expect(outcome(clause('StringEqualsIgnoreCase', 'aws:PrincipalType', 'anonymous'), ANON)).toBe('always');
  });
});

describe('accountsNamedBy: accounts a condition admits', () => {
  it(`StringEquals aws:PrincipalAccount names its accounts (Global condition keys: aws:PrincipalAccount, ${KEYS_DOC}#condition-keys-principalaccount)`, () => {
    expect(accountsNamedBy(clause('StringEquals', 'aws:PrincipalAccount', OTHER, THIRD))).toEqual([OTHER, THIRD]);
    expect(accountsNamedBy(clause('StringEquals', 'AWS:SourceAccount', OTHER))).toEqual([OTHER]);
  });

  it(`the account field of a fixed aws:PrincipalArn / aws:SourceArn names its account (Global condition keys: aws:PrincipalArn, aws:SourceArn, ${KEYS_DOC})`, () => {
    expect(accountsNamedBy(clause('ArnEquals', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/Reader`))).toEqual([OTHER]);
    expect(accountsNamedBy(clause('ArnLike', 'aws:SourceArn', `arn:aws:cloudtrail:us-east-1:${THIRD}:trail/*`))).toEqual([THIRD]);
  });

  it(`negated operators, Null and wildcard accounts name nobody (IAM condition operators: StringNotEquals is a negated match, ${OPERATORS_DOC})`, () => {
    expect(accountsNamedBy(clause('StringNotEquals', 'aws:PrincipalAccount', OTHER))).toEqual([]);
    expect(accountsNamedBy(clause('Null', 'aws:PrincipalAccount', 'false'))).toEqual([]);
    expect(accountsNamedBy(clause('StringLike', 'aws:PrincipalAccount', '1111*'))).toEqual([]);
    expect(accountsNamedBy(clause('StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'))).toEqual([]);
  });
});

describe('aws:PrincipalArn patterns with a fixed account id', () => {
  it(`ArnLike aws:PrincipalArn arn:aws:iam::<account>:role/* cannot be met by an outsider: the account field of a caller's ARN is its own (ARN format, ${KEYS_DOC}#condition-keys-principalarn)`, () => {
    expect(outcome(clause('ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/*`), AUTH)).toBe('never');
    expect(outcome(clause('ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/*`), ANON)).toBe('never');
  });

  it(`ArnLike aws:PrincipalArn with a wildcard account (arn:aws:iam::*:role/Reader) admits any account's role of that name (${PUBLIC_DOC})`, () => {
    expect(outcome(clause('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Reader'), AUTH)).toBe('sometimes');
  });
});
