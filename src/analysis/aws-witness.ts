/**
 * Concrete requests behind symbolic verdicts. The symbolic evaluator says a class of requesters
 * can get in; a witness is one request of that class, with values picked to satisfy every clause
 * of the granting statement and to avoid every Deny the requester can avoid, then checked
 * concretely against the whole policy. A witness that does not check out is not reported.
 */
import { principalCovers, substitutePolicyVariables, type ParsedPolicy, type PolicyStatement, actionMatches } from './aws-policy.ts';
import { isRequestTimeKey, parseRequestTime, type ConditionClause, type RequesterClass, type RequestPath } from './aws-conditions.ts';
import { isPublicWebIdentityProvider } from './aws-policy.ts';
import { wildcardMatch } from './wildcard.ts';
import type { AccessWitness } from '../engine/finding.ts';

// The type belongs to the finding model, which reports render; the analysis builds it.
export type { AccessWitness };

/** An account id no policy is likely to name: the stranger of every witness (documentation range of ids). */
export const OUTSIDER_ACCOUNT = '210987654321';
const PUBLIC_IP = '198.51.100.7';
const OTHER_PUBLIC_IP = '203.0.113.9';

type Context = Record<string, string | string[]>;

const keyOf = (ctx: Context, key: string): string | undefined => Object.keys(ctx).find((k) => k.toLowerCase() === key.toLowerCase());
const get = (ctx: Context, key: string) => {
  const k = keyOf(ctx, key);
  return k === undefined ? undefined : ctx[k];
};
const set = (ctx: Context, key: string, value: string | string[]) => {
  const k = keyOf(ctx, key);
  if (k !== undefined) delete ctx[k];
  ctx[key] = value;
};
const unset = (ctx: Context, key: string) => {
  const k = keyOf(ctx, key);
  if (k !== undefined) delete ctx[k];
};

/** Keys the path itself fixes: the witness may not pick them to please a condition. */
const FIXED_KEYS = new Set([
  'aws:principalaccount', 'aws:principalarn', 'aws:principaltype', 'aws:principalisawsservice', 'aws:resourceaccount',
  's3:resourceaccount', 'aws:sourceaccount', 'aws:sourceowner', 'aws:userid', 'aws:viaawsservice',
]);

/**
 * Keys a request path leaves out, which the witness may not add (IAM UG, global condition keys):
 * network-origin keys outside a VPC endpoint, aws:SourceIp through one, the caller's identity keys
 * on anonymous requests, the service-source keys on direct ones.
 */
function absentOnPath(path: RequestPath, requester: RequesterClass): Set<string> {
  const absent = new Set<string>();
  const add = (...keys: string[]) => keys.forEach((k) => absent.add(k));
  if (path === 'vpc-endpoint') add('aws:sourceip');
  else add('aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip');
  if (path !== 'aws-service') add('aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalservicename');
  if (requester.kind === 'anonymous') add('aws:principalorgid', 'aws:principalorgpaths', 'aws:username', 'aws:multifactorauthpresent');
  return absent;
}

const resolveVariables = (value: string, ctx: Context): string =>
  value.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const v = get(ctx, name.split(',')[0]!.trim());
    return typeof v === 'string' ? v : 'x';
  });

/** A concrete value matching a policy pattern: wildcards become text of their own. */
const instantiate = (pattern: string, ctx: Context): string => resolveVariables(pattern, ctx).replace(/\*/g, 'x').replace(/\?/g, 'x');

function ipv4InCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  if (!net || !/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(net)) return false;
  const prefix = bits === undefined ? 32 : Number(bits);
  if (prefix === 0) return true;
  const mask = 2 ** 32 - 2 ** (32 - prefix);
  return (toInt(ip) & mask) >>> 0 === (toInt(net) & mask) >>> 0;
}

const firstAddress = (cidr: string): string => {
  const [net, bits] = cidr.split('/');
  if (!net || net.includes(':')) return net ?? PUBLIC_IP;
  if (Number(bits ?? 32) >= 32) return net;
  const octets = net.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + 1;
  return octets.join('.');
};

interface Operator {
  base: string;
  ifExists: boolean;
  set?: 'any' | 'all';
}

function parseOperator(operator: string): Operator {
  let rest = operator;
  let setOp: Operator['set'];
  if (/^ForAnyValue:/i.test(rest)) [setOp, rest] = ['any', rest.slice(12)];
  else if (/^ForAllValues:/i.test(rest)) [setOp, rest] = ['all', rest.slice(13)];
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -8);
  return { base: rest.toLowerCase(), ifExists, set: setOp };
}

/** Date operators compare instants, written as ISO 8601 or epoch seconds (IAM UG, Date condition operators). */
function dateMatches(base: string, pattern: string, value: string): boolean {
  const p = parseRequestTime(pattern);
  const v = parseRequestTime(value);
  if (p === undefined || v === undefined) return false;
  if (base.endsWith('greaterthanequals')) return v >= p;
  if (base.endsWith('greaterthan')) return v > p;
  if (base.endsWith('lessthanequals')) return v <= p;
  if (base.endsWith('lessthan')) return v < p;
  return v === p;
}

function singleMatches(base: string, pattern: string, value: string): boolean {
  if (base.startsWith('date')) return dateMatches(base.replace(/not/, ''), pattern, value);
  switch (base.replace(/not/, '')) {
    case 'stringequals':
      return pattern === value;
    case 'stringequalsignorecase':
      return pattern.toLowerCase() === value.toLowerCase();
    case 'stringlike':
    case 'arnlike':
    case 'arnequals':
      return wildcardMatch(pattern, value);
    case 'bool':
      return pattern.toLowerCase() === value.toLowerCase();
    case 'numericequals':
      return Number(pattern) === Number(value);
    case 'numericlessthan':
      return Number(value) < Number(pattern);
    case 'numericlessthanequals':
      return Number(value) <= Number(pattern);
    case 'numericgreaterthan':
      return Number(value) > Number(pattern);
    case 'numericgreaterthanequals':
      return Number(value) >= Number(pattern);
    case 'ipaddress':
      return value.includes(':') ? pattern.includes(':') && /\/0$/.test(pattern) : ipv4InCidr(value, pattern);
    default:
      return pattern === value;
  }
}

/** Whether one condition clause holds for a concrete request context (IAM UG, Condition operators). */
export function clauseHolds(clause: ConditionClause, ctx: Context): boolean {
  const op = parseOperator(clause.operator);
  const present = get(ctx, clause.key);
  if (op.base === 'null') {
    const wants = clause.values.map((v) => v.toLowerCase() === 'true');
    return wants.some((absent) => absent === (present === undefined));
  }
  if (present === undefined) {
    if (op.ifExists || op.set === 'all') return true;
    if (op.set === 'any') return false;
    return op.base.includes('not');
  }
  const negated = op.base.includes('not');
  const values = Array.isArray(present) ? present : [present];
  const patterns = clause.values.map((v) => resolveVariables(v, ctx));
  const one = (value: string) => {
    const hit = patterns.some((p) => singleMatches(op.base, p, value));
    return negated ? !hit : hit;
  };
  if (op.set === 'all') return values.every(one);
  return values.some(one);
}

const conditionsHold = (clauses: ConditionClause[], ctx: Context) => clauses.every((c) => clauseHolds(c, ctx));

/**
 * The request time for a clause on aws:CurrentTime/aws:EpochTime: now, or just after or at a
 * moment the policy names, never in the past; the first candidate giving the clause `wanted`.
 */
function requestTime(clause: ConditionClause, ctx: Context, wanted: boolean): string | undefined {
  const now = Date.now();
  const named = clause.values.map(parseRequestTime).filter((t): t is number => t !== undefined);
  const candidates = [now, ...named.flatMap((t) => [t, t + 1000])].filter((t) => t >= now);
  return candidates.map((t) => formatRequestTime(clause.key, t)).find((v) => clauseHolds(clause, { ...ctx, [clause.key]: v }) === wanted);
}

/** aws:EpochTime in seconds, aws:CurrentTime in ISO 8601, as requests carry them. */
const formatRequestTime = (key: string, t: number): string =>
  key.toLowerCase() === 'aws:epochtime' ? String(Math.floor(t / 1000)) : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Sets the request time so the clause comes out `wanted`; false when no moment from now on does. */
function chooseTime(clause: ConditionClause, ctx: Context, wanted: boolean): boolean {
  if (!isRequestTimeKey(clause.key.toLowerCase())) return false;
  // The time is in every request: a Null test on it is what it is.
  if (parseOperator(clause.operator).base === 'null') return true;
  const value = requestTime(clause, ctx, wanted);
  if (value !== undefined) set(ctx, clause.key, value);
  return true;
}

/** Changes the context so that the clause holds, when the key is the requester's to choose. */
function satisfy(clause: ConditionClause, ctx: Context, absent: Set<string>): void {
  if (clauseHolds(clause, ctx) || FIXED_KEYS.has(clause.key.toLowerCase()) || absent.has(clause.key.toLowerCase())) return;
  if (chooseTime(clause, ctx, true)) return;
  const op = parseOperator(clause.operator);
  const first = clause.values[0] ?? '';
  if (op.base === 'null') {
    if (clause.values.some((v) => v.toLowerCase() === 'true')) unset(ctx, clause.key);
    else set(ctx, clause.key, 'ajar-witness');
    return;
  }
  const negated = op.base.includes('not');
  // A CIDR broad enough to count as public is what an outsider's address can lie in; a narrow one is the owner's network.
  if (op.base === 'ipaddress') set(ctx, clause.key, firstAddress(clause.values.find((c) => !isNarrowCidr(c)) ?? first));
  else if (op.base === 'notipaddress') set(ctx, clause.key, clause.values.some((c) => ipv4InCidr(PUBLIC_IP, c)) ? OTHER_PUBLIC_IP : PUBLIC_IP);
  else if (negated) set(ctx, clause.key, 'ajar-witness-other');
  else if (op.base === 'numericlessthan') set(ctx, clause.key, String(Number(first) - 1));
  else if (op.base === 'numericgreaterthan') set(ctx, clause.key, String(Number(first) + 1));
  else set(ctx, clause.key, op.set ? [instantiate(first, ctx)] : instantiate(first, ctx));
}

/** Changes the context so that the clause fails, when the key is the requester's to choose. */
function breakClause(clause: ConditionClause, ctx: Context, absent: Set<string>): void {
  if (FIXED_KEYS.has(clause.key.toLowerCase()) || absent.has(clause.key.toLowerCase())) return;
  if (chooseTime(clause, ctx, false)) return;
  const op = parseOperator(clause.operator);
  if (op.base === 'null') {
    if (clause.values.some((v) => v.toLowerCase() === 'true')) set(ctx, clause.key, 'ajar-witness');
    else unset(ctx, clause.key);
    return;
  }
  const negated = op.base.includes('not');
  if (op.base === 'notipaddress') {
    // Only a broad CIDR holds addresses an outsider can have; the owner's fixed networks are not theirs.
    const broad = clause.values.find((c) => !isNarrowCidr(c));
    if (broad) set(ctx, clause.key, firstAddress(broad));
  }
  else if (op.base === 'ipaddress') set(ctx, clause.key, clause.values.some((c) => ipv4InCidr(PUBLIC_IP, c)) ? OTHER_PUBLIC_IP : PUBLIC_IP);
  else if (negated) set(ctx, clause.key, instantiate(clause.values[0] ?? '', ctx));
  else if (op.base === 'bool') set(ctx, clause.key, (clause.values[0] ?? '').toLowerCase() === 'true' ? 'false' : 'true');
  else if (!op.ifExists) unset(ctx, clause.key);
  else set(ctx, clause.key, 'ajar-witness-other');
}

const serviceOfArn = (arn: string): string | undefined => {
  const service = arn.split(':')[2];
  return service && !/[*?$]/.test(service) ? service : undefined;
};

/** A concrete source ARN in `account`, shaped after the statement's aws:SourceArn pattern when it has one. */
function sourceArnFor(statement: PolicyStatement, account: string): string {
  const clause = statement.conditions.find((c) => c.key.toLowerCase() === 'aws:sourcearn' && !/not/i.test(c.operator));
  const pattern = clause?.values.find((v) => {
    const acct = v.split(':')[4] ?? '';
    return wildcardMatch(acct, account);
  });
  if (!pattern) return `arn:aws:cloudtrail:us-east-1:${account}:trail/ajar-witness`;
  const parts = pattern.split(':');
  parts[4] = account;
  return instantiate(parts.join(':'), {});
}

/** A CIDR the "meaning of public" counts as a fixed network: /8 or narrower for IPv4, /32 or narrower for IPv6. */
const isNarrowCidr = (cidr: string): boolean => {
  const bits = Number(cidr.trim().split('/')[1] ?? (cidr.includes(':') ? 128 : 32));
  return bits >= (cidr.includes(':') ? 32 : 8);
};

/** An address of the outsider's own: none of the fixed networks the policy names. */
function outsiderIp(policy: ParsedPolicy | undefined): string {
  const named = (policy?.statements ?? []).flatMap((s) => s.conditions).filter((c) => c.key.toLowerCase() === 'aws:sourceip').flatMap((c) => c.values).filter(isNarrowCidr);
  return [PUBLIC_IP, OTHER_PUBLIC_IP, '192.0.2.44', '100.64.1.1'].find((ip) => !named.some((c) => ipv4InCidr(ip, c))) ?? PUBLIC_IP;
}

/** Services that act for a resource of the caller's own account, tried in turn when a policy bars one. */
const FALLBACK_SERVICES = ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'logging.s3.amazonaws.com', 'delivery.logs.amazonaws.com'];

/**
 * The service a service-path witness acts as. A Service principal names that service acting for
 * anyone (IAM UG, "Principal" — AWS service principals): a Deny naming it, or the grant's own
 * NotPrincipal, bars it, so another service asks; a Deny's NotPrincipal exempts its services
 * (IAM UG, "NotPrincipal"), so one of those asks first.
 */
function serviceFor(policy: ParsedPolicy | undefined, granting: PolicyStatement, preferred: string): string {
  const lower = (services: string[]) => services.map((service) => service.toLowerCase());
  const denies = (policy?.statements ?? []).filter((s) => s.effect === 'Deny');
  const barred = new Set([
    ...(granting.principal.negated ? lower(granting.principal.services) : []),
    ...denies.filter((d) => !d.principal.negated).flatMap((d) => lower(d.principal.services)),
  ]);
  const exempt = denies.filter((d) => d.principal.negated).flatMap((d) => lower(d.principal.services));
  return [...exempt, preferred, ...FALLBACK_SERVICES].find((service) => !barred.has(service.toLowerCase())) ?? preferred;
}

/** Whether a statement's principal names this witness; on the service path, by the service it acts as. */
function principalNamesWitness(statement: PolicyStatement, onPath: RequesterClass, principal: AccessWitness['principal']): boolean {
  if (principal.type !== 'service') return principalCovers(statement.principal, onPath);
  const spec = statement.principal;
  const named = spec.wildcard || spec.services.some((service) => service.toLowerCase() === principal.service.toLowerCase());
  return spec.negated ? !named : named;
}

function baseRequest(path: RequestPath, requester: RequesterClass, statement: PolicyStatement, owner: string, ip: string, policy: ParsedPolicy | undefined) {
  const account = requester.kind === 'account' ? requester.account : OUTSIDER_ACCOUNT;
  const ctx: Context = { 'aws:SecureTransport': 'true', 'aws:ResourceAccount': owner };
  let principal: AccessWitness['principal'];
  if (path !== 'vpc-endpoint') ctx['aws:SourceIp'] = ip;
  else Object.assign(ctx, { 'aws:SourceVpce': 'vpce-0ajar0witness0000', 'aws:SourceVpc': 'vpc-0ajar0witness', 'aws:VpcSourceIp': '10.1.2.3' });
  if (requester.kind === 'anonymous') {
    principal = { type: 'anonymous' };
    Object.assign(ctx, { 'aws:PrincipalType': 'Anonymous', 'aws:userid': 'anonymous' });
  } else if (path === 'web-identity') {
    principal = { type: 'federated', provider: statement.principal.federated.find(isPublicWebIdentityProvider) ?? 'accounts.google.com' };
    Object.assign(ctx, { 'aws:PrincipalType': 'WebIdentityUser' });
  } else if (path === 'aws-service') {
    // A wildcard source ARN with a fixed account admits that account's resources only. A fixed ARN,
    // or one of the owner's own account, is no outsider's: the grant is public through another value.
    const fixed = statement.conditions
      .filter((c) => c.key.toLowerCase() === 'aws:sourcearn' && !/not/i.test(c.operator))
      .flatMap((c) => c.values.filter((v) => /[*?]/.test(v)).map((v) => v.split(':')[4] ?? ''))
      .find((a) => /^\d{12}$/.test(a) && a !== owner);
    const source = requester.kind === 'account' ? account : (fixed ?? account);
    const sourceArn = sourceArnFor(statement, source);
    const service = serviceFor(policy, statement, `${serviceOfArn(sourceArn) ?? 'cloudtrail'}.amazonaws.com`);
    principal = { type: 'service', service, sourceAccount: source, sourceArn };
    Object.assign(ctx, {
      'aws:SourceAccount': source,
      'aws:SourceArn': sourceArn,
      'aws:PrincipalIsAWSService': 'true',
      'aws:PrincipalServiceName': service,
      'aws:PrincipalType': 'AWSService',
    });
    unset(ctx, 'aws:SecureTransport');
  } else {
    const arn = `arn:aws:iam::${account}:user/ajar-witness`;
    principal = { type: 'aws', account, arn };
    // An IAM user's request carries its name too (aws:username), which policy variables may use.
    Object.assign(ctx, { 'aws:PrincipalAccount': account, 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'User', 'aws:userid': 'AIDAAJARWITNESS0000000', 'aws:username': 'ajar-witness' });
  }
  if (path !== 'aws-service') ctx['aws:PrincipalIsAWSService'] = 'false';
  return { principal, ctx };
}

/** The statement's Resource patterns with this request's values for their variables; unmatched ones dropped. */
const patternsFor = (statement: PolicyStatement, ctx: Context): string[] =>
  statement.resources.patterns.flatMap((pattern) => {
    const out = substitutePolicyVariables(pattern, (key) => {
      const value = get(ctx, key);
      return typeof value === 'string' ? value : undefined;
    });
    return out === undefined ? [] : [out];
  });

/** A concrete resource the statement reaches: its own pattern instantiated, or the one asked about. */
function resourceFor(statement: PolicyStatement, wanted: string, objectLevel: boolean, ctx: Context): string {
  if (!objectLevel) return wanted;
  const prefix = `${wanted}/`;
  const pattern = statement.resources.negated ? undefined : patternsFor(statement, ctx).find((p) => wildcardMatch(p, `${prefix}x`) || p.startsWith(prefix));
  const candidate = pattern ? instantiate(pattern, {}) : `${prefix}ajar-witness`;
  return candidate.startsWith(prefix) ? candidate : `${prefix}x`;
}

const resourceMatches = (statement: PolicyStatement, resource: string, ctx: Context): boolean => {
  const hit = patternsFor(statement, ctx).some((p) => wildcardMatch(p, resource));
  return statement.resources.negated ? !hit : hit;
};

export interface WitnessRequest {
  policy: ParsedPolicy | undefined;
  /** The granting policy statement; absent for an ACL grant. */
  statement?: PolicyStatement;
  path: RequestPath;
  requester: RequesterClass;
  action: string;
  /** The bucket ARN. */
  bucketArn: string;
  objectLevel: boolean;
  owner: string;
}

/** Every Deny of the policy this concrete request meets in full. */
function denyingStatements(policy: ParsedPolicy | undefined, onPath: RequesterClass, principal: AccessWitness['principal'], action: string, resource: string, ctx: Context) {
  return (policy?.statements ?? []).filter(
    (s) => s.effect === 'Deny' && principalNamesWitness(s, onPath, principal) && actionMatches(s, action) && resourceMatches(s, resource, ctx) && conditionsHold(s.conditions, ctx),
  );
}

export function buildWitness(request: WitnessRequest): AccessWitness | undefined {
  const { policy, statement, path, requester, action, owner } = request;
  const onPath: RequesterClass = { ...requester, path };
  const empty: PolicyStatement = { index: -1, effect: 'Allow', principal: { negated: false, wildcard: true, accounts: [], arns: [], services: [], canonicalUsers: [], federated: [] }, actions: { negated: false, patterns: [action] }, resources: { negated: false, patterns: [] }, conditions: [] };
  const granting = statement ?? empty;
  const { principal, ctx } = baseRequest(path, requester, granting, owner, outsiderIp(policy), policy);
  // Every request carries its time; it is set when the policy looks at it, so Denies on it are weighed.
  const timeKeys = new Set((policy?.statements ?? []).flatMap((s) => s.conditions.map((c) => c.key)).filter((k) => isRequestTimeKey(k.toLowerCase())));
  for (const key of timeKeys) set(ctx, key, formatRequestTime(key, Date.now()));
  const absent = absentOnPath(path, requester);
  granting.conditions.forEach((c) => satisfy(c, ctx, absent));
  // After the grant's clauses are met: a Resource variable takes the request's final values.
  const resource = resourceFor(granting, request.bucketArn, request.objectLevel, ctx);
  // Avoid each avoidable Deny by breaking one of its clauses, keeping the grant's clauses true.
  for (let round = 0; round < 4; round++) {
    const denies = denyingStatements(policy, onPath, principal, action, resource, ctx);
    if (denies.length === 0) break;
    for (const deny of denies) {
      for (const clause of deny.conditions) {
        const trial = { ...ctx };
        breakClause(clause, trial, absent);
        if (!clauseHolds(clause, trial) && conditionsHold(granting.conditions, trial)) {
          Object.keys(ctx).forEach((k) => delete ctx[k]);
          Object.assign(ctx, trial);
          break;
        }
      }
    }
  }
  if (!conditionsHold(granting.conditions, ctx)) return undefined;
  if (statement && !resourceMatches(statement, resource, ctx)) return undefined;
  if (denyingStatements(policy, onPath, principal, action, resource, ctx).length > 0) return undefined;
  return { path, principal, action, resource, context: ctx };
}
