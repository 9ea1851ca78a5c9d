/**
 * Requests a stranger can make, on each request path an outsider controls (issue 10, class 3),
 * with only the condition keys the IAM UG "AWS global condition context keys" page documents for
 * that path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * - aws:SourceIp "is included in the request context, except when the requester uses a VPC
 *   endpoint"; aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp only then.
 * - Principal keys (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, aws:userid ...)
 *   describe the caller: absent (or `anonymous` for aws:userid) for anonymous requests, the
 *   stranger's own values when signed. An account outside any organisation has no PrincipalOrgID.
 * - aws:SourceArn, aws:SourceAccount, aws:SourceOwner exist when an AWS service calls for a
 *   resource; the stranger owns that resource, so its account is the stranger's.
 * - aws:ResourceAccount is the bucket owner's account on every path.
 * - s3:DataAccessPointAccount/Arn exist when the request comes through an access point; a
 *   stranger can put one of its own in front of the bucket.
 * Keys the stranger chooses (aws:Referer, aws:UserAgent, aws:SecureTransport, s3:prefix, their
 * own tags, user and session names, the time of the request ...) take values from the policy, so
 * the search reaches what the policy admits; values the page says a stranger cannot have (the
 * owner's fixed VPC endpoint, CIDR, organisation) are never picked.
 */
import { clauseIsTrue, conditionsAreTrue, contextValue, ipInCidr, type OracleClause, type OracleContext } from './conditions.ts';
import type { OraclePrincipal, OracleRequest, OracleStatement } from './policy.ts';

export const STRANGER = '999988887777';
export const STRANGER_CANONICAL = '5tranger0000000000000000000000000000000000000000000000000000000';
const STRANGER_ORG = 'o-stranger000';
const STRANGER_VPCE = 'vpce-0stranger00000000';
const STRANGER_VPC = 'vpc-0stranger0000';
/** The earliest moment a request can be made: the stranger can wait, but not go back in time. */
export const NOW = Date.parse('2026-01-01T00:00:00Z');
const STRANGER_IPS = ['198.51.100.7', '192.0.2.44', '8.8.4.4', '100.64.1.1', '2001:db8::7', '2600:1f18::9'];
export const PUBLIC_WEB_PROVIDERS = ['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com', 'appleid.apple.com'];
const SERVICES = ['cloudtrail.amazonaws.com', 'logging.s3.amazonaws.com', 'sns.amazonaws.com', 'delivery.logs.amazonaws.com', 'config.amazonaws.com'];

export type Rng = () => number;

/** A small seeded generator (mulberry32), so every run of one seed makes the same requests. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const allClauses = (statements: readonly OracleStatement[]) => statements.flatMap((s) => s.conditions);

/** A CIDR narrow enough that AWS counts it as a fixed network ("The meaning of public"). */
const narrowCidr = (cidr: string) => {
  const bits = Number(cidr.split('/')[1] ?? (cidr.includes(':') ? 128 : 32));
  return bits >= (cidr.includes(':') ? 32 : 8);
};

/** A concrete value matching a pattern: wildcards filled, variables taken from the context. */
function instantiate(pattern: string, ctx: OracleContext): string {
  return pattern
    .replace(/\$\{([^},]+)[^}]*\}/g, (_, key: string) => {
      const v = contextValue(ctx, key.trim());
      return typeof v === 'string' ? v : 'x';
    })
    .replace(/[*?]/g, 'x');
}

/** An ARN shaped after the pattern, in the stranger's account. */
function strangerArn(pattern: string): string | undefined {
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  parts[4] = STRANGER;
  return instantiate(parts.join(':'), {});
}

function firstAddress(cidr: string): string | undefined {
  const [net, bits] = cidr.split('/');
  if (!net) return undefined;
  if (net.includes(':')) return net.endsWith('::') ? `${net}1` : net;
  if (Number(bits ?? 32) >= 32) return net;
  const octets = net.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) | 1;
  return octets.join('.');
}

/** The stranger's addresses: a few of its own, plus some inside any CIDR too broad to fix a network. */
function strangerIps(clauses: readonly OracleClause[]): string[] {
  const cidrs = clauses.filter((c) => c.key.toLowerCase() === 'aws:sourceip').flatMap((c) => c.values);
  const inBroad = cidrs.filter((c) => !narrowCidr(c)).map(firstAddress).filter((a): a is string => a !== undefined);
  return [...new Set([...STRANGER_IPS, ...inBroad])].filter((ip) => !cidrs.some((c) => narrowCidr(c) && ipInCidr(ip, c)));
}

type Candidates = Map<string, (string | string[] | undefined)[]>;

const isDateKey = (k: string) => k === 'aws:currenttime' || k === 'aws:epochtime';

/** Values the stranger may give a key it controls: absent, each policy value made concrete, another. */
function freeCandidates(key: string, clauses: readonly OracleClause[], ctx: OracleContext): (string | string[] | undefined)[] {
  const k = key.toLowerCase();
  const named = clauses.filter((c) => c.key.toLowerCase() === k);
  const values = named.flatMap((c) => c.values);
  const multi = named.some((c) => /^For(Any|All)Value/i.test(c.operator));
  if (isDateKey(k)) {
    const epoch = k === 'aws:epochtime';
    const times = [NOW, NOW + 10 * 365 * 86400_000, ...values.flatMap((v) => {
      const t = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
      return Number.isNaN(t) ? [] : [t - 1000, t, t + 1000];
    })].filter((t) => t >= NOW);
    // The request time is in every request context: it may be chosen, not left out.
    return times.map((t) => (epoch ? String(Math.floor(t / 1000)) : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')));
  }
  const concrete = new Set<string>(['stranger-other', 'true', 'false', '0']);
  for (const v of values) {
    if (/^-?\d+(\.\d+)?$/.test(v)) [Number(v) - 1, Number(v), Number(v) + 1].forEach((n) => concrete.add(String(n)));
    else if (v.includes('/') && /^[\d.:a-f]+\/\d+$/i.test(v)) { const a = firstAddress(v); if (a) concrete.add(a); }
    else concrete.add(instantiate(v, ctx));
  }
  const singles = [...concrete];
  return [undefined, ...singles, ...(multi ? [...singles.map((v) => [v]), singles.slice(0, 3)] : [])];
}

/** Keys the request path fixes: the stranger may not choose them. */
const PATH_KEYS = new Set([
  'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:principalaccount', 'aws:principalarn', 'aws:principalorgid',
  'aws:principalorgpaths', 'aws:principaltype', 'aws:userid', 'aws:username', 'aws:sourcearn', 'aws:sourceaccount',
  'aws:sourceowner', 'aws:resourceaccount', 's3:resourceaccount', 'aws:principalisawsservice', 'aws:principalservicename',
  'aws:viaawsservice', 's3:dataaccesspointaccount', 's3:dataaccesspointarn', 'aws:federatedprovider',
  's3:x-amz-server-side-encryption-aws-kms-key-id', 'aws:multifactorauthpresent', 'aws:multifactorauthage',
]);
const isProviderKey = (k: string) => PUBLIC_WEB_PROVIDERS.some((p) => k.startsWith(`${p}:`));

interface PathVariant {
  path: string;
  principal: OraclePrincipal;
  /** Each variant of the fixed keys for this path; the stranger picks one. */
  fixed: OracleContext[];
  /** Keys of the path the stranger still chooses (their user name, session name, MFA). */
  chosen: Candidates;
}

function pathVariants(owner: string, statements: readonly OracleStatement[], clauses: readonly OracleClause[]): PathVariant[] {
  const ips = strangerIps(clauses);
  // Every request carries its time (IAM UG, aws:CurrentTime and aws:EpochTime); the search may move it later.
  const time = { 'aws:CurrentTime': new Date(NOW).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(NOW / 1000) };
  const common = { ...time, 'aws:ResourceAccount': owner, 's3:ResourceAccount': owner, 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' };
  const internet = ips.map((ip) => ({ ...common, 'aws:SourceIp': ip }));
  const endpoint = [{ ...common, 'aws:SourceVpce': STRANGER_VPCE, 'aws:SourceVpc': STRANGER_VPC }];
  const valuesOf = (key: string) => clauses.filter((c) => c.key.toLowerCase() === key).flatMap((c) => c.values);
  const names = [...new Set(['stranger', ...valuesOf('aws:username').map((v) => instantiate(v, {}))])];
  const sessions = [...new Set(['session', ...valuesOf('aws:userid').map((v) => instantiate(v.split(':')[1] ?? 'session', {}))])];
  const userArn = (name: string) => `arn:aws:iam::${STRANGER}:user/${name}`;
  const signedKeys = (ctx: OracleContext, name: string): OracleContext => ({
    ...ctx, 'aws:PrincipalAccount': STRANGER, 'aws:PrincipalArn': userArn(name), 'aws:PrincipalType': 'User', 'aws:userid': 'AIDASTRANGERUSER00000', 'aws:username': name,
  });
  const sessionKeys = (ctx: OracleContext, session: string): OracleContext => ({
    ...ctx, 'aws:PrincipalAccount': STRANGER, 'aws:PrincipalArn': `arn:aws:iam::${STRANGER}:role/stranger`, 'aws:PrincipalType': 'AssumedRole', 'aws:userid': `AROASTRANGERROLE0000:${session}`,
  });
  const inOrg = (ctx: OracleContext): OracleContext[] => [ctx, { ...ctx, 'aws:PrincipalOrgID': STRANGER_ORG, 'aws:PrincipalOrgPaths': [`${STRANGER_ORG}/r-st00/ou-st00-00000000/`] }];
  const viaAccessPoint = (ctx: OracleContext): OracleContext => ({ ...ctx, 's3:DataAccessPointAccount': STRANGER, 's3:DataAccessPointArn': `arn:aws:s3:us-east-1:${STRANGER}:accesspoint/stranger` });
  const signed = (bases: OracleContext[]): OracleContext[] =>
    bases.flatMap((b) => [...names.map((n) => signedKeys(b, n)), ...sessions.map((s) => sessionKeys(b, s))]).flatMap(inOrg).flatMap((c) => [c, viaAccessPoint(c)]);
  const mfa: Candidates = new Map([['aws:MultiFactorAuthPresent', [undefined, 'true', 'false']], ['aws:MultiFactorAuthAge', [undefined, '0', '3600']]]);
  const anonymous = (bases: OracleContext[]) => bases.map((b) => ({ ...b, 'aws:PrincipalType': 'Anonymous', 'aws:userid': 'anonymous' }));
  const namedServices = new Set(statements.flatMap((s) => {
    const e = s.principal.element as { Service?: unknown } | undefined;
    return typeof e === 'object' && e?.Service !== undefined ? [e.Service].flat().map((v) => String(v).toLowerCase()) : [];
  }));
  // A fixed service principal is non-public by "The meaning of public": the stranger's service is one the policy does not name.
  const services = SERVICES.filter((s) => !namedServices.has(s));
  const sourceArns = [...new Set([`arn:aws:cloudtrail:us-east-1:${STRANGER}:trail/stranger`, ...valuesOf('aws:sourcearn').map(strangerArn).filter((a): a is string => a !== undefined)])];
  const providers = [...new Set([...PUBLIC_WEB_PROVIDERS.slice(0, 2), ...statements.flatMap((s) => {
    const e = s.principal.element as { Federated?: unknown } | undefined;
    return typeof e === 'object' && e?.Federated !== undefined ? [e.Federated].flat().map(String).filter((p) => PUBLIC_WEB_PROVIDERS.includes(p.toLowerCase())) : [];
  })])];
  const principal = { type: 'aws' as const, account: STRANGER, arn: userArn('stranger'), canonicalId: STRANGER_CANONICAL };
  const variants: PathVariant[] = [
    { path: 'anonymous', principal: { type: 'anonymous' }, fixed: anonymous(internet), chosen: new Map() },
    { path: 'vpc-endpoint', principal: { type: 'anonymous' }, fixed: anonymous(endpoint), chosen: new Map() },
    { path: 'signed', principal, fixed: signed(internet), chosen: mfa },
    { path: 'vpc-endpoint', principal, fixed: signed(endpoint), chosen: mfa },
    ...providers.map((provider) => ({
      path: 'web-identity',
      principal: { type: 'federated' as const, provider },
      // A web identity caller signs with a role session of its own account: aws:userid is "role-id:session-name" and
      // aws:PrincipalArn "is included in the request context for all signed requests" (IAM UG, global condition keys).
      fixed: internet.map((b) => ({
        ...b, 'aws:FederatedProvider': provider, 'aws:userid': 'AROASTRANGERWEBROLE0:web-session', 'aws:PrincipalAccount': STRANGER,
        'aws:PrincipalArn': `arn:aws:iam::${STRANGER}:role/web`, 'aws:PrincipalType': 'AssumedRole', [`${provider}:aud`]: 'stranger-app', [`${provider}:sub`]: 'stranger-user',
      })),
      chosen: new Map(),
    })),
    ...services.flatMap((service) => sourceArns.map((sourceArn) => ({
      path: 'aws-service',
      principal: { type: 'service' as const, service, sourceAccount: STRANGER, sourceArn },
      fixed: [{ ...internet[0]!, 'aws:SourceAccount': STRANGER, 'aws:SourceOwner': STRANGER, 'aws:SourceArn': sourceArn, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': service }],
      chosen: new Map(),
    }))),
  ];
  // The session variant's principal is its role session, so role ARNs in Principal see it.
  return variants.flatMap((v) => (v.principal.type === 'aws' ? splitByIdentity(v) : [v]));
}

/** Signed variants carry their own principal ARN: a user, or a session of the stranger's role. */
function splitByIdentity(variant: PathVariant): PathVariant[] {
  const byArn = new Map<string, OracleContext[]>();
  for (const ctx of variant.fixed) {
    const arn = String(contextValue(ctx, 'aws:PrincipalType') === 'AssumedRole' ? `arn:aws:sts::${STRANGER}:assumed-role/stranger/${String(contextValue(ctx, 'aws:userid')).split(':')[1]}` : contextValue(ctx, 'aws:PrincipalArn'));
    byArn.set(arn, [...(byArn.get(arn) ?? []), ctx]);
  }
  return [...byArn].map(([arn, fixed]) => ({ ...variant, principal: { type: 'aws', account: STRANGER, arn, canonicalId: STRANGER_CANONICAL }, fixed }));
}

function candidatesFor(variant: PathVariant, clauses: readonly OracleClause[], base: OracleContext): Candidates {
  const out: Candidates = new Map(variant.chosen);
  for (const c of clauses) {
    const k = c.key.toLowerCase();
    if (PATH_KEYS.has(k) || isProviderKey(k)) continue;
    if (k === 'aws:vpcsourceip' && variant.path !== 'vpc-endpoint') continue;
    // Tags belong to an IAM identity: none on anonymous requests or on a service principal's.
    if (k.startsWith('aws:principaltag/') && (variant.principal.type === 'anonymous' || variant.principal.type === 'service')) continue;
    if (![...out.keys()].some((key) => key.toLowerCase() === k)) out.set(c.key, freeCandidates(c.key, clauses, base));
  }
  return out;
}

const withValue = (ctx: OracleContext, key: string, value: string | string[] | undefined): OracleContext => {
  const next = Object.fromEntries(Object.entries(ctx).filter(([k]) => k.toLowerCase() !== key.toLowerCase()));
  if (value !== undefined) next[key] = value;
  return next;
};

/** A context meeting as many of the Allow's clauses as the stranger can, then dodging Denies it can. */
function targeted(base: OracleContext, free: Candidates, allow: OracleStatement, denies: readonly OracleStatement[]): OracleContext {
  let ctx = base;
  const keyOf = (clause: OracleClause) => [...free.keys()].find((k) => k.toLowerCase() === clause.key.toLowerCase());
  for (const clause of allow.conditions) {
    const key = keyOf(clause);
    if (!key || clauseIsTrue(clause, ctx)) continue;
    const options = free.get(key)!;
    const index = options.findIndex((v) => clauseIsTrue(clause, withValue(ctx, key, v)));
    if (index >= 0) ctx = withValue(ctx, key, options[index]);
  }
  for (const deny of denies) {
    if (!conditionsAreTrue(deny.conditions, ctx)) continue;
    dodge: for (const clause of deny.conditions) {
      const key = keyOf(clause);
      if (!key) continue;
      for (const value of free.get(key)!) {
        const trial = withValue(ctx, key, value);
        if (!clauseIsTrue(clause, trial) && conditionsAreTrue(allow.conditions, trial)) {
          ctx = trial;
          break dodge;
        }
      }
    }
  }
  return ctx;
}

function randomContext(base: OracleContext, free: Candidates, rng: Rng): OracleContext {
  let ctx = base;
  for (const [key, values] of free) ctx = withValue(ctx, key, pick(rng, values));
  return ctx;
}

export interface OutsiderTarget {
  actions: readonly string[];
  resources: readonly string[];
}

/**
 * Up to `budget` stranger requests for these actions and resources, over every path: for each,
 * contexts aimed at each Allow statement (avoiding each Deny it can) and random ones.
 */
export function outsiderRequests(owner: string, statements: readonly OracleStatement[], target: OutsiderTarget, budget: number, rng: Rng): OracleRequest[] {
  const clauses = allClauses(statements);
  const variants = pathVariants(owner, statements, clauses);
  const allows = statements.filter((s) => s.effect === 'Allow');
  const denies = statements.filter((s) => s.effect === 'Deny');
  const requests: OracleRequest[] = [];
  const perVariant = Math.max(2, Math.floor(budget / variants.length));
  for (const variant of variants) {
    for (let i = 0; i < perVariant; i++) {
      const base = pick(rng, variant.fixed);
      const free = candidatesFor(variant, clauses, base);
      const aim = i < allows.length ? allows[i] : rng() < 0.5 && allows.length > 0 ? pick(rng, allows) : undefined;
      const context = aim ? targeted(randomContext(base, variant.chosen, rng), free, aim, denies) : randomContext(base, free, rng);
      requests.push({ path: variant.path, principal: variant.principal, action: pick(rng, target.actions), resource: pick(rng, target.resources), context });
    }
  }
  return requests;
}

/**
 * What a witness claims that its path cannot carry (the keys above), so a witness cannot pass the
 * oracle by giving itself the owner's network, account or a moment in the past.
 */
export function implausibility(request: OracleRequest, owner: string, statements: readonly OracleStatement[]): string | undefined {
  const ctx = request.context;
  const get = (k: string) => contextValue(ctx, k);
  const p = request.principal;
  const vpce = request.path === 'vpc-endpoint';
  if (vpce && get('aws:SourceIp') !== undefined) return 'aws:SourceIp on a VPC endpoint request';
  if (!vpce && (get('aws:SourceVpce') !== undefined || get('aws:SourceVpc') !== undefined)) return 'aws:SourceVpce/aws:SourceVpc outside a VPC endpoint';
  for (const k of ['aws:ResourceAccount', 's3:ResourceAccount']) if (get(k) !== undefined && get(k) !== owner) return `${k} is not the owner`;
  if (p.type === 'anonymous' && ['aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalOrgID', 'aws:username'].some((k) => get(k) !== undefined)) return 'principal keys on an anonymous request';
  if (p.type === 'anonymous' && get('aws:userid') !== undefined && get('aws:userid') !== 'anonymous') return 'aws:userid of an anonymous request is "anonymous"';
  if (p.type === 'aws' && p.account === owner) return 'the witness is the owner account';
  if (p.type === 'aws' && get('aws:PrincipalAccount') !== undefined && get('aws:PrincipalAccount') !== p.account) return 'aws:PrincipalAccount differs from the principal';
  if (p.type !== 'service' && ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOwner'].some((k) => get(k) !== undefined)) return 'service source keys on a direct request';
  if (p.type === 'service' && get('aws:SourceAccount') === owner) return 'a service acting for the owner is not an outsider';
  const ip = get('aws:SourceIp');
  const cidrs = allClauses(statements).filter((c) => c.key.toLowerCase() === 'aws:sourceip').flatMap((c) => c.values).filter(narrowCidr);
  if (typeof ip === 'string' && cidrs.some((c) => ipInCidr(ip, c))) return `aws:SourceIp ${ip} is inside a CIDR the policy names`;
  const named = new Set(allClauses(statements).map((c) => c.key.toLowerCase()));
  for (const k of ['aws:CurrentTime', 'aws:EpochTime']) {
    const v = get(k);
    if (v === undefined && named.has(k.toLowerCase())) return `${k} missing, though every request has it`;
    if (typeof v !== 'string') continue;
    const t = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
    if (!(t >= NOW)) return `${k} ${v} is in the past`;
  }
  return undefined;
}
