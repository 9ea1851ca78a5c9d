/**
 * A symbolic IAM policy evaluator. Instead of answering "is this one request allowed?", it answers
 * "can a requester of this class (anyone on the internet, any AWS account, one named account) make
 * a request that is allowed?", following IAM's evaluation logic: an explicit Deny that applies to
 * every request of the class wins; otherwise a matching Allow whose conditions the requester can
 * satisfy grants. Conditions are evaluated three-valued (always / never / sometimes) against what
 * the requester controls, which is where AWS's "meaning of public" rules come in.
 */
import { wildcardMatch } from './wildcard.ts';
import { conditionOutcome, keyAbsentFor, pathsOf, type ConditionClause, type ConditionResult, type RequesterClass, type RequestPath } from './aws-conditions.ts';

export interface PolicyStatement {
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
  principal: PrincipalSpec;
  actions: { negated: boolean; patterns: string[] };
  resources: { negated: boolean; patterns: string[] };
  conditions: ConditionClause[];
}

export interface PrincipalSpec {
  /** NotPrincipal: the statement applies to everyone except these. */
  negated: boolean;
  wildcard: boolean;
  accounts: string[];
  /** ARNs of users/roles; their accounts are also listed in `accounts`. */
  arns: string[];
  services: string[];
  canonicalUsers: string[];
  federated: string[];
}

export interface ParsedPolicy {
  statements: PolicyStatement[];
}

export class PolicyParseError extends Error {}

const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const asStrings = (value: unknown, where: string): string[] =>
  asArray(value).map((item) => {
    if (typeof item !== 'string') throw new PolicyParseError(`${where}: expected a string, got ${JSON.stringify(item)}`);
    return item;
  });

const ACCOUNT_ID = /^\d{12}$/;
const accountOfArn = (arn: string): string | undefined => arn.split(':')[4] || undefined;

function parsePrincipal(raw: unknown, negated: boolean, where: string): PrincipalSpec {
  const spec: PrincipalSpec = { negated, wildcard: false, accounts: [], arns: [], services: [], canonicalUsers: [], federated: [] };
  if (raw === undefined) return spec;
  if (raw === '*') return { ...spec, wildcard: true };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyParseError(`${where}: expected "*" or an object of principal types`);
  }
  for (const [type, values] of Object.entries(raw as Record<string, unknown>)) {
    for (const value of asStrings(values, `${where}.${type}`)) {
      if (type === 'AWS') {
        if (value === '*') spec.wildcard = true;
        else if (ACCOUNT_ID.test(value)) spec.accounts.push(value);
        else {
          spec.arns.push(value);
          // arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity … names no account.
          const account = accountOfArn(value);
          if (account && ACCOUNT_ID.test(account)) spec.accounts.push(account);
        }
      } else if (type === 'Service') spec.services.push(value);
      else if (type === 'CanonicalUser') spec.canonicalUsers.push(value);
      else if (type === 'Federated') {
        spec.federated.push(value);
        // A SAML or OIDC provider ARN admits the identities that one account's provider vouches for.
        const account = value.startsWith('arn:') ? accountOfArn(value) : undefined;
        if (account && ACCOUNT_ID.test(account)) spec.accounts.push(account);
      }
      else throw new PolicyParseError(`${where}: unknown principal type "${type}"`);
    }
  }
  spec.accounts = [...new Set(spec.accounts)];
  return spec;
}

function parseConditions(raw: unknown, where: string): ConditionClause[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PolicyParseError(`${where}: expected an object`);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new PolicyParseError(`${where}.${operator}: expected an object of condition keys`);
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      clauses.push({
        operator,
        key,
        values: asArray(values).map((value) => (typeof value === 'string' ? value : String(value))),
      });
    }
  }
  return clauses;
}

export function parsePolicy(text: string): ParsedPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PolicyParseError(`policy is not JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null) throw new PolicyParseError('policy: expected an object');
  const rawStatements = asArray((document as { Statement?: unknown }).Statement);
  const statements = rawStatements.map((raw, index): PolicyStatement => {
    const where = `Statement[${index}]`;
    if (typeof raw !== 'object' || raw === null) throw new PolicyParseError(`${where}: expected an object`);
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyParseError(`${where}.Effect: expected "Allow" or "Deny"`);
    const negatedPrincipal = s.NotPrincipal !== undefined;
    const negatedAction = s.NotAction !== undefined;
    const negatedResource = s.NotResource !== undefined;
    return {
      sid: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : undefined,
      index,
      effect: s.Effect,
      principal: parsePrincipal(negatedPrincipal ? s.NotPrincipal : s.Principal, negatedPrincipal, where),
      actions: { negated: negatedAction, patterns: asStrings(negatedAction ? s.NotAction : s.Action, `${where}.Action`) },
      resources: {
        negated: negatedResource,
        patterns: asStrings(negatedResource ? s.NotResource : (s.Resource ?? '*'), `${where}.Resource`),
      },
      conditions: parseConditions(s.Condition, `${where}.Condition`),
    };
  });
  return { statements };
}

export const statementLabel = (statement: PolicyStatement): string =>
  statement.sid ? `Sid "${statement.sid}"` : `Statement[${statement.index}]`;

export { wildcardMatch };

export const actionMatches = (statement: PolicyStatement, action: string): boolean => {
  const hit = statement.actions.patterns.some((pattern) => wildcardMatch(pattern, action, true));
  return statement.actions.negated ? !hit : hit;
};

const LITERAL_VARIABLES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Substitutes the policy variables of a pattern (IAM UG, "Policy variables"): `${*}`, `${?}` and
 * `${$}` stand for those characters, `${key}` for the request's value of key, or for the default of
 * `${key, 'default'}` when the request lacks the key. Without either the pattern matches nothing
 * ("If the key is not present ... the policy does not match"): undefined.
 */
export function substitutePolicyVariables(pattern: string, valueOf: (key: string) => string | undefined): string | undefined {
  let missing = false;
  const out = pattern.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    if (inner in LITERAL_VARIABLES) return LITERAL_VARIABLES[inner]!;
    const [key = '', fallback] = inner.split(',').map((part) => part.trim());
    const value = valueOf(key) ?? (fallback !== undefined && /^'.*'$/.test(fallback) ? fallback.slice(1, -1) : undefined);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}

/**
 * The statement with its Resource patterns as requests on this path can meet them. A variable whose
 * key the path never carries takes its default or matches nothing, so an anonymous request reaches
 * no `home/${aws:username}/*`. A key the path carries holds the outsider's own value, unknown here:
 * where reaching more means more access (Allow Resource, Deny NotResource) it may be anything (`*`);
 * otherwise the pattern is dropped, so an uncertain Deny never hides a grant.
 */
export function resourcesOnPath(statement: PolicyStatement, onPath: RequesterClass): PolicyStatement {
  const { negated, patterns } = statement.resources;
  if (!patterns.some((p) => p.includes('${'))) return statement;
  const widens = (statement.effect === 'Allow') !== negated;
  const resolved = patterns.flatMap((pattern) => {
    let unknown = false;
    const out = substitutePolicyVariables(pattern, (key) => {
      if (keyAbsentFor(key, onPath)) return undefined;
      unknown = true;
      return '*';
    });
    return out === undefined || (unknown && !widens) ? [] : [out];
  });
  return { ...statement, resources: { negated, patterns: resolved } };
}

/** Decides whether a statement's Resource/NotResource element covers what is being asked about. */
export type ResourceMatcher = (statement: PolicyStatement) => boolean;

/**
 * Decides whether a Deny's resources include every resource an Allow reaches. When the question is
 * about one exact resource both name it, so the default answer is yes; when it is about "some object
 * of the bucket", a Deny of one prefix leaves the Allow's other objects open.
 */
export type DenyCoverage = (deny: PolicyStatement, allow: PolicyStatement) => boolean;

/** Matches statements whose Resource names any of these exact resources (NotResource: names none of them). */
export const exactResource =
  (...resources: string[]): ResourceMatcher =>
  (statement) => {
    const hit = statement.resources.patterns.some((pattern) => resources.some((resource) => wildcardMatch(pattern, resource)));
    return statement.resources.negated ? !hit : hit;
  };

/**
 * Web identity providers anyone can sign in to (IAM UG, "Principal" — web identity session
 * principals): a Federated principal naming one admits every user of it, so it is public.
 */
export const PUBLIC_WEB_IDENTITY_PROVIDERS = ['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com', 'appleid.apple.com'];

export const isPublicWebIdentityProvider = (provider: string): boolean => PUBLIC_WEB_IDENTITY_PROVIDERS.includes(provider.toLowerCase());

/**
 * Whether the statement's principal element covers a requester of this class on its path. "*"
 * (and {"AWS":"*"}) covers every path, AWS services included; an account or ARN covers that
 * account's signed requests only; a public web identity provider covers any web identity user; a
 * Service principal names AWS itself, which is neither the public nor an outside account.
 */
export function principalCovers(principal: PrincipalSpec, requester: RequesterClass): boolean {
  const path = requester.path;
  const named =
    principal.wildcard ||
    (requester.kind === 'account' && path !== 'aws-service' && path !== 'web-identity' && principal.accounts.includes(requester.account)) ||
    (requester.kind === 'authenticated' && (path === undefined || path === 'web-identity') && principal.federated.some(isPublicWebIdentityProvider));
  return principal.negated ? !named : named;
}

/**
 * A NotPrincipal naming AWS services exempts those services, acting for anyone (IAM UG,
 * "NotPrincipal"; "Principal" — AWS service principals): on the service path such a Deny leaves
 * them, so the outsider has one of them ask and the Deny does not hold for every request.
 */
const exemptsServicesOn = (principal: PrincipalSpec, path: RequestPath): boolean => path === 'aws-service' && principal.negated && principal.services.length > 0;

/**
 * On the web identity path a Deny naming some providers leaves the users of the others: an Allow of
 * Google users (or of "*") stands beside a Deny of Cognito users (IAM UG, "Principal" — web
 * identity session principals name one provider each).
 */
function missesProviderOf(deny: PolicyStatement, allow: PolicyStatement, path: RequestPath): boolean {
  const d = deny.principal;
  if (path !== 'web-identity' || d.wildcard || d.negated) return false;
  const denied = new Set(d.federated.map((p) => p.toLowerCase()));
  const a = allow.principal;
  const allowed = a.wildcard || a.negated ? PUBLIC_WEB_IDENTITY_PROVIDERS : a.federated.filter(isPublicWebIdentityProvider);
  return allowed.some((p) => !denied.has(p.toLowerCase()));
}

export interface StatementHit {
  statement: PolicyStatement;
  condition: ConditionResult;
  /** The request path this hit was judged on, and (for grants) the action it allows. */
  path?: RequestPath;
  action?: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** Allow statements that grant the requester class (their conditions can be satisfied). */
  grants: StatementHit[];
  /** Allow statements that would grant but whose conditions the class cannot satisfy. */
  restricted: StatementHit[];
  /** Deny statements that apply to every request of the class. */
  denies: StatementHit[];
  /** Deny statements the requester can avoid (e.g. by using HTTPS, or a header it controls). */
  avoidableDenies: StatementHit[];
}

/**
 * Can a requester of `requester` class perform any of `actions` on the resource under this policy?
 * Each action is judged on its own (a Deny of GetObject does not cancel an Allow of GetObjectVersion),
 * and each request path of the class on its own (a Deny keyed on aws:SourceIp says nothing about a
 * request through a VPC endpoint, which carries no aws:SourceIp). Principal, resource and condition
 * are judged once per statement and path; only the action match runs per action.
 */
export function evaluateAccess(
  policy: ParsedPolicy,
  actions: readonly string[],
  resource: ResourceMatcher,
  requester: RequesterClass,
  denyCovers: DenyCoverage = () => true,
): AccessDecision {
  const merged: AccessDecision = { allowed: false, grants: [], restricted: [], denies: [], avoidableDenies: [] };
  const add = (list: StatementHit[], hit: StatementHit) => {
    if (!list.some((h) => h.statement === hit.statement)) list.push(hit);
  };
  const paths = pathsOf(requester);
  // A Deny blocks the class only when it blocks on every path; otherwise the outsider picks another.
  const denyPaths = new Map<PolicyStatement, { hit: StatementHit; count: number }>();
  for (const path of paths) {
    const onPath: RequesterClass = { ...requester, path };
    // Resource variables take this path's keys, so each path judges its own resource patterns.
    const asOnPath = new Map(policy.statements.map((s) => [s, resourcesOnPath(s, onPath)]));
    const applicable = policy.statements
      .filter((statement) => resource(asOnPath.get(statement)!))
      .filter((statement) => principalCovers(statement.principal, onPath))
      .map((statement) => ({ statement, condition: conditionOutcome(statement.conditions, onPath), path }));
    const blockedHere = new Set<PolicyStatement>();
    for (const action of actions) {
      const grants: StatementHit[] = [];
      const denies: StatementHit[] = [];
      for (const hit of applicable) {
        if (!actionMatches(hit.statement, action)) continue;
        const { statement, condition } = hit;
        if (statement.effect === 'Deny') {
          if (condition.outcome === 'always' && !exemptsServicesOn(statement.principal, path)) denies.push(hit);
          else if (condition.outcome !== 'never') add(merged.avoidableDenies, hit);
        } else if (condition.outcome === 'never') add(merged.restricted, hit);
        else grants.push({ ...hit, action });
      }
      denies.forEach((d) => blockedHere.add(d.statement) && !denyPaths.has(d.statement) && denyPaths.set(d.statement, { hit: d, count: 0 }));
      // An explicit Deny overrides only the Allows whose requests it matches in full.
      const standing = grants.filter((g) => !denies.some((d) => denyCovers(asOnPath.get(d.statement)!, asOnPath.get(g.statement)!) && !missesProviderOf(d.statement, g.statement, path)));
      merged.allowed ||= standing.length > 0;
      standing.forEach((h) => add(merged.grants, h));
    }
    blockedHere.forEach((statement) => denyPaths.get(statement)!.count++);
  }
  for (const { hit, count } of denyPaths.values()) add(count === paths.length ? merged.denies : merged.avoidableDenies, hit);
  return merged;
}
