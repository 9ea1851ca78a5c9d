/**
 * Three-valued evaluation of IAM Condition blocks for a class of requesters.
 *
 * For every condition key we list what the key can hold in a request from the class: absent, a
 * value the requester picks freely, a value foreign to the policy owner (never equal to a fixed
 * value the policy names), a known literal, or a public IP address. A clause is evaluated for
 * each possibility; when all agree the answer is `always` or `never`, otherwise `sometimes`.
 * This is how AWS's "meaning of public" rules fall out: a fixed aws:SourceVpce, aws:PrincipalOrgID,
 * aws:SourceIp CIDR or aws:SourceAccount can never be met by an outsider, while aws:Referer,
 * aws:UserAgent or aws:SecureTransport are chosen by the requester and restrict nothing.
 */

import { wildcardMatch } from './wildcard.ts';

/**
 * The request paths an outsider controls, each carrying only the keys AWS documents for it (IAM UG,
 * "AWS global condition context keys"): from the internet (anonymous or signed), through the
 * outsider's own VPC endpoint (no aws:SourceIp; aws:SourceVpc/aws:SourceVpce of their own), as a
 * federated web identity, or as an AWS service acting for a resource of the outsider's account
 * (aws:SourceArn/aws:SourceAccount present, no principal keys).
 */
export const REQUEST_PATHS = ['anonymous', 'signed', 'vpc-endpoint', 'web-identity', 'aws-service'] as const;
export type RequestPath = (typeof REQUEST_PATHS)[number];

export type RequesterClass = (
  | { kind: 'anonymous' }
  | { kind: 'authenticated' }
  | { kind: 'account'; account: string }
) & {
  /** One request path; when absent the class is judged over every path it can take. */
  path?: RequestPath;
  /** The resource owner's account: aws:ResourceAccount always holds it. */
  resourceAccount?: string;
};

/** The paths a requester of this class can take. */
export function pathsOf(requester: RequesterClass): RequestPath[] {
  if (requester.path) return [requester.path];
  if (requester.kind === 'anonymous') return ['anonymous', 'vpc-endpoint'];
  if (requester.kind === 'account') return ['signed', 'vpc-endpoint', 'aws-service'];
  return ['signed', 'vpc-endpoint', 'web-identity', 'aws-service'];
}

export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

export type Tristate = 'always' | 'never' | 'sometimes';

export interface ClauseResult {
  clause: ConditionClause;
  outcome: Tristate;
  note: string;
}

export interface ConditionResult {
  outcome: Tristate;
  clauses: ClauseResult[];
}

type Possibility =
  | { kind: 'absent' }
  | { kind: 'free' }
  | { kind: 'foreign' }
  | { kind: 'literal'; value: string }
  | { kind: 'public-ip' }
  /** Some ARN of a resource in this account (aws:SourceArn of a service acting for it). */
  | { kind: 'arn-of'; account: string }
  /** The moment of the request: now or later, never in the past. */
  | { kind: 'time-from'; at: number };

const ABSENT: Possibility = { kind: 'absent' };
const FREE: Possibility = { kind: 'free' };
const FOREIGN: Possibility = { kind: 'foreign' };

/** Keys identifying the calling principal: absent for anonymous callers, foreign for outsiders. */
const PRINCIPAL_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:username',
  'aws:federatedprovider',
]);

/** Keys set only when an AWS service calls on behalf of a resource: absent for direct callers. */
const SERVICE_SOURCE_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalservicename',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/** Network origin keys: absent from the internet, or a foreign endpoint/VPC the requester owns. */
const NETWORK_KEYS = new Set(['aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip']);

/**
 * Request keys AWS still lists as restricting when fixed (S3 "meaning of public"): absent from an
 * anonymous request, and for anyone else a value of their own (their KMS key), never the owner's.
 */
const FIXED_REQUEST_KEYS = new Set(['s3:x-amz-server-side-encryption-aws-kms-key-id']);

/** Keys an identity provider puts into a web identity request (cognito-identity.amazonaws.com:aud ...). */
const isWebIdentityKey = (k: string): boolean =>
  /^(cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com|appleid\.apple\.com):/.test(k);

const RESOURCE_ACCOUNT_KEYS = new Set(['aws:resourceaccount', 's3:resourceaccount']);

/**
 * Service keys whose value is a parameter of the request itself, so the requester picks it and a
 * condition on it restricts nothing (Service Authorization Reference, "Condition keys for Amazon
 * DynamoDB"): which partition keys and attributes it asks for, Select, ReturnValues ... Named
 * here, not left to the default, so that a grant conditioned on them stays public by decision.
 */
export const CALLER_CHOSEN_KEYS: ReadonlyMap<string, string> = new Map([
  ['dynamodb:leadingkeys', 'the partition key values the request reads or writes'],
  ['dynamodb:firstpartitionkeyvalues', 'the first partition key values of the request'],
  ['dynamodb:secondpartitionkeyvalues', 'the second partition key values of the request'],
  ['dynamodb:thirdpartitionkeyvalues', 'the third partition key values of the request'],
  ['dynamodb:fourthpartitionkeyvalues', 'the fourth partition key values of the request'],
  ['dynamodb:attributes', 'the attribute names the request projects or writes'],
  ['dynamodb:select', 'the Select parameter of a Query or Scan'],
  ['dynamodb:returnvalues', 'the ReturnValues parameter of a write'],
  ['dynamodb:returnconsumedcapacity', 'the ReturnConsumedCapacity parameter'],
  ['dynamodb:fulltablescan', 'whether the caller sends a Scan rather than a Query'],
  ['dynamodb:enclosingoperation', 'whether the caller wraps the call in a transaction'],
  ['dynamodb:fisactionid', 'the AWS FIS action of an experiment the caller runs'],
  ['dynamodb:fistargetarns', 'the AWS FIS targets of an experiment the caller runs'],
]);

/** Without a path, a clause is judged on the class's direct path from the internet. */
const directPath = (requester: RequesterClass): RequestPath => requester.path ?? (requester.kind === 'anonymous' ? 'anonymous' : 'signed');

const possibilities = (key: string, requester: RequesterClass): Possibility[] =>
  possibilitiesOnPath(key.toLowerCase(), requester, directPath(requester));

/** Whether no request of this class (on its one path) carries the key at all. */
export const keyAbsentFor = (key: string, requester: RequesterClass): boolean => possibilities(key, requester).every((p) => p.kind === 'absent');

/** Keys holding the time of the request (IAM UG, aws:CurrentTime and aws:EpochTime): always present. */
export const isRequestTimeKey = (k: string): boolean => k === 'aws:currenttime' || k === 'aws:epochtime';

function possibilitiesOnPath(k: string, requester: RequesterClass, path: RequestPath): Possibility[] {
  // An outsider picks when to ask, but only from now on: a grant that ended in the past admits nobody.
  if (isRequestTimeKey(k)) return [{ kind: 'time-from', at: Date.now() }];
  // aws:SourceIp "is included in the request context, except when the requester uses a VPC endpoint";
  // aws:SourceVpc/aws:SourceVpce/aws:VpcSourceIp are included only then (IAM global condition keys).
  if (k === 'aws:sourceip') return path === 'vpc-endpoint' ? [ABSENT] : [{ kind: 'public-ip' }];
  if (NETWORK_KEYS.has(k)) return path === 'vpc-endpoint' ? [FOREIGN] : [ABSENT];
  if (CALLER_CHOSEN_KEYS.has(k)) return [FREE];
  if (FIXED_REQUEST_KEYS.has(k)) return requester.kind === 'anonymous' ? [ABSENT] : [ABSENT, FOREIGN];
  // The resource's own account: a condition naming any other account never holds.
  if (RESOURCE_ACCOUNT_KEYS.has(k)) return requester.resourceAccount ? [{ kind: 'literal', value: requester.resourceAccount }] : [FREE];
  if (k === 's3:dataaccesspointaccount' || k === 's3:dataaccesspointarn') {
    // Present when the request comes through an access point, which may live in another account.
    if (requester.kind === 'anonymous' || path === 'aws-service' || path === 'web-identity') return [ABSENT];
    if (requester.kind === 'account') {
      return [ABSENT, k === 's3:dataaccesspointaccount' ? { kind: 'literal', value: requester.account } : { kind: 'arn-of', account: requester.account }];
    }
    return [ABSENT, FOREIGN];
  }
  if (SERVICE_SOURCE_KEYS.has(k)) {
    // Present only when an AWS service calls on behalf of a resource (the confused-deputy keys).
    if (path !== 'aws-service') return [ABSENT];
    if (k === 'aws:principalservicename') return [FREE];
    if (requester.kind === 'account') {
      if (k === 'aws:sourceaccount' || k === 'aws:sourceowner') return [{ kind: 'literal', value: requester.account }];
      if (k === 'aws:sourcearn') return [{ kind: 'arn-of', account: requester.account }];
    }
    // Any AWS account can have a service act for a resource of its own: a foreign source.
    return [FOREIGN];
  }
  if (k === 'aws:principalisawsservice') return [{ kind: 'literal', value: path === 'aws-service' ? 'true' : 'false' }];
  if (k === 'aws:viaawsservice') return [{ kind: 'literal', value: 'false' }];
  // A web identity request carries its own provider's keys only (IAM UG, "Available keys for
  // OIDC/web identity federation"): another provider's keys are absent, so both can occur.
  if (isWebIdentityKey(k)) return path === 'web-identity' ? [ABSENT, FOREIGN] : [ABSENT];
  if (path === 'aws-service') {
    // A service principal has no account, ARN, organisation or tags of a calling identity.
    if (PRINCIPAL_KEYS.has(k) || k.startsWith('aws:principaltag/') || k === 'aws:userid' || k === 'aws:multifactorauthpresent') return [ABSENT];
    if (k === 'aws:principaltype') return [{ kind: 'literal', value: 'AWSService' }];
  }
  if (requester.kind === 'anonymous') {
    if (k === 'aws:principaltype') return [{ kind: 'literal', value: 'Anonymous' }];
    if (k === 'aws:userid') return [{ kind: 'literal', value: 'anonymous' }];
    if (PRINCIPAL_KEYS.has(k) || k.startsWith('aws:principaltag/') || k === 'aws:multifactorauthpresent') {
      return [ABSENT];
    }
    return [FREE];
  }
  if (requester.kind === 'account') {
    if (k === 'aws:principalaccount') return [{ kind: 'literal', value: requester.account }];
    if (k === 'aws:principalarn') return [{ kind: 'arn-of', account: requester.account }];
    if (k === 'aws:principalorgid' || k === 'aws:principalorgpaths') return [FREE];
  }
  if (k === 'aws:principalorgid' || k === 'aws:principalorgpaths') return [ABSENT, FOREIGN];
  // Any account can create an IAM user of any name, and "the meaning of public" does not list
  // aws:username among the keys that restrict; role sessions (web identity too) carry none.
  if (k === 'aws:username') return path === 'web-identity' ? [ABSENT] : [ABSENT, FREE];
  if (PRINCIPAL_KEYS.has(k) || k === 'aws:userid') return [FOREIGN];
  return [FREE];
}

interface ParsedOperator {
  base: string;
  ifExists: boolean;
  set: 'any' | 'all' | undefined;
}

function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let set: ParsedOperator['set'];
  if (/^ForAnyValue:/i.test(rest)) {
    set = 'any';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (/^ForAllValues:/i.test(rest)) {
    set = 'all';
    rest = rest.slice('ForAllValues:'.length);
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return { base: rest.toLowerCase(), ifExists, set };
}

const NEGATED = new Set([
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
  'numericnotequals',
  'datenotequals',
  'arnnotequals',
  'arnnotlike',
  'notipaddress',
]);

/** ArnEquals and ArnLike behave identically: both honour `*` and `?` (IAM UG, ARN condition operators). */
const LIKE = new Set(['stringlike', 'stringnotlike', 'arnlike', 'arnnotlike', 'arnequals', 'arnnotequals']);

/** A value that a request could match without being that exact text: a wildcard or a policy variable. */
const isVariable = (value: string, like: boolean): boolean => value.includes('${') || (like && /[*?]/.test(value));

/**
 * Whether a value foreign to the policy owner could match this policy value. Fixed text cannot; a
 * wildcard or variable can, except that AWS lets s3:DataAccessPointArn wildcard the access point
 * name "as long as the account id is fixed".
 */
function foreignCanMatch(key: string, value: string, like: boolean): boolean {
  if (!isVariable(value, like)) return false;
  // The meaning of public lists "aws:userid, outside the pattern AROLEID:*": a fixed role id followed
  // by a session-name wildcard names sessions of one role only.
  if (key.toLowerCase() === 'aws:userid' && !value.includes('${') && /^[A-Z0-9]+:\*$/.test(value)) return false;
  if (key.toLowerCase() === 's3:dataaccesspointarn' && !value.includes('${')) return !/^\d{12}$/.test(value.split(':')[4] ?? '');
  // arn:aws:iam::111122223333:role/* names roles of one account only: an outsider's ARN carries
  // its own account id in that field and can never match.
  if (key.toLowerCase() === 'aws:principalarn' && !value.includes('${')) return !/^\d{12}$/.test(value.split(':')[4] ?? '');
  return true;
}

/**
 * A CIDR that AWS evaluates as public: broader than /8 for IPv4 or /32 for IPv6 (S3 "meaning of
 * public"; the RFC 1918 exception never applies, every private range being /8 or narrower).
 */
function isBroadCidr(cidr: string): boolean {
  const match = /\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return false;
  return Number(match[1]) < (cidr.includes(':') ? 32 : 8);
}

function matchesLiteral(base: string, pattern: string, value: string): boolean {
  if (base.startsWith('stringequalsignorecase') || base.startsWith('stringnotequalsignorecase')) {
    return pattern.toLowerCase() === value.toLowerCase();
  }
  if (LIKE.has(base)) return wildcardMatch(pattern, value);
  if (base === 'bool') return pattern.toLowerCase() === value.toLowerCase();
  return pattern === value;
}

/** Epoch milliseconds of a Date operator value: ISO 8601 or epoch seconds (IAM UG, Date condition operators). */
export const parseRequestTime = (value: string): number | undefined => {
  const t = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
};

/**
 * A Date (or, for aws:EpochTime, Numeric) comparison against a request made at `at` or later: each
 * policy value either always, never or sometimes compares true; values are ORed, negated ones NORed.
 */
function timeOutcome(base: string, values: string[], at: number): boolean | undefined {
  const m = /^(date|numeric)(not)?(equals|lessthan|lessthanequals|greaterthan|greaterthanequals)$/.exec(base);
  const times = values.map(parseRequestTime);
  if (!m || times.some((t) => t === undefined)) return undefined;
  const [, , not, cmp] = m;
  const one = (p: number): boolean | undefined => {
    if (cmp === 'greaterthan') return p < at ? true : undefined;
    if (cmp === 'greaterthanequals') return p <= at ? true : undefined;
    if (cmp === 'lessthan') return p <= at ? false : undefined;
    if (cmp === 'lessthanequals') return p < at ? false : undefined;
    return p < at ? false : undefined;
  };
  const results = (times as number[]).map(one);
  const any = results.some((r) => r === true) ? true : results.every((r) => r === false) ? false : undefined;
  return not && any !== undefined ? !any : not ? undefined : any;
}

/** The clause's outcome for one possibility of the key's value: true, false, or undefined (can go either way). */
function evaluateOne(op: ParsedOperator, clause: ConditionClause, value: Possibility): boolean | undefined {
  const negated = NEGATED.has(op.base);
  if (op.base === 'null') {
    const wantsAbsent = clause.values.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = clause.values.some((v) => v.toLowerCase() === 'false');
    if (value.kind === 'absent') return wantsAbsent;
    if (value.kind === 'free') return wantsAbsent && wantsPresent ? true : undefined;
    return wantsPresent;
  }
  if (value.kind === 'absent') {
    if (op.ifExists) return true;
    if (op.set === 'all') return true;
    if (op.set === 'any') return false;
    return negated;
  }
  if (value.kind === 'free') return undefined;
  if (value.kind === 'time-from') return timeOutcome(op.base, clause.values, value.at);
  if (op.base === 'ipaddress' || op.base === 'notipaddress') {
    if (value.kind !== 'public-ip') return undefined;
    // A /0 prefix covers its whole address family, whatever the address before it.
    const v4All = clause.values.some((cidr) => !cidr.includes(':') && /\/0$/.test(cidr.trim()));
    const v6All = clause.values.some((cidr) => cidr.includes(':') && /\/0$/.test(cidr.trim()));
    const inside = v4All && v6All ? true : clause.values.some(isBroadCidr) ? undefined : false;
    if (inside === undefined) return undefined;
    return op.base === 'ipaddress' ? inside : !inside;
  }
  const like = LIKE.has(op.base);
  if (value.kind === 'arn-of') {
    // The account names its own resource freely, so any pattern whose account field admits it can match.
    const admits = clause.values.some((v) => v.includes('${') || wildcardMatch(v.split(':')[4] ?? '', value.account));
    if (admits) return undefined;
    return negated;
  }
  if (value.kind === 'foreign' || value.kind === 'public-ip') {
    if (clause.values.some((v) => foreignCanMatch(clause.key, v, like))) return undefined;
    return negated;
  }
  if (clause.values.some((v) => v.includes('${'))) return undefined;
  const hit = clause.values.some((pattern) => matchesLiteral(op.base, pattern, value.value));
  return negated ? !hit : hit;
}

const describe = (clause: ConditionClause): string => `${clause.operator} ${clause.key} ${JSON.stringify(clause.values)}`;

function explain(clause: ConditionClause, outcome: Tristate, value: Possibility[]): string {
  const kinds = new Set(value.map((v) => v.kind));
  const base = describe(clause);
  if (outcome === 'sometimes' && kinds.has('free')) {
    return `${base}: the requester controls ${clause.key}, so it restricts nothing`;
  }
  if (outcome === 'never') return `${base}: requesters outside the trusted set cannot meet it`;
  if (outcome === 'always' && kinds.has('absent')) return `${base}: holds for every such request (${clause.key} is absent or foreign)`;
  if (outcome === 'always') return `${base}: holds for every such request`;
  return `${base}: can hold or not depending on the request`;
}

export function evaluateClause(clause: ConditionClause, requester: RequesterClass): ClauseResult {
  const op = parseOperator(clause.operator);
  const values = possibilities(clause.key, requester);
  const results = values.map((value) => evaluateOne(op, clause, value));
  const outcome: Tristate = results.every((r) => r === true)
    ? 'always'
    : results.every((r) => r === false)
      ? 'never'
      : 'sometimes';
  return { clause, outcome, note: explain(clause, outcome, values) };
}

/** Clauses are ANDed: one `never` makes the block `never`, all `always` make it `always`. */
export function conditionOutcome(clauses: ConditionClause[], requester: RequesterClass): ConditionResult {
  const results = clauses.map((clause) => evaluateClause(clause, requester));
  const outcome: Tristate = results.some((r) => r.outcome === 'never')
    ? 'never'
    : results.every((r) => r.outcome === 'always')
      ? 'always'
      : 'sometimes';
  return { outcome, clauses: results };
}

/** Account ids a clause names as the only callers it admits (aws:PrincipalAccount = 111122223333 ...). */
export function accountsNamedBy(clause: ConditionClause): string[] {
  const op = parseOperator(clause.operator);
  if (NEGATED.has(op.base) || op.base === 'null') return [];
  const key = clause.key.toLowerCase();
  if (['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 's3:dataaccesspointaccount'].includes(key)) {
    return clause.values.filter((v) => /^\d{12}$/.test(v));
  }
  if (key === 'aws:principalarn' || key === 'aws:sourcearn' || key === 's3:dataaccesspointarn') {
    return clause.values.map((v) => v.split(':')[4] ?? '').filter((v) => /^\d{12}$/.test(v));
  }
  return [];
}
