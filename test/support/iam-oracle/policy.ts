/**
 * Concrete evaluation of one resource policy for one request, for the differential oracle.
 * Written from the IAM User Guide, independently of src/analysis:
 * - "Policy evaluation logic": an explicit Deny in the policy wins over every Allow; without a
 *   matching Allow the request is implicitly denied.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * - "Principal": `"*"` and `{"AWS":"*"}` are everyone, anonymous users included; an account id or
 *   `arn:aws:iam::<id>:root` is every principal of that account; a role ARN also matches that
 *   role's sessions; Service, Federated and CanonicalUser name those principals.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - "NotPrincipal": the statement applies to every principal except those listed.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * - "Action"/"NotAction": action names are case-insensitive and take `*` and `?`.
 * - "Resource"/"NotResource": ARNs, case-sensitive, with `*` and `?`.
 */
import { conditionsAreTrue, globMatch, parseConditionBlock, substituteVariables, type OracleClause, type OracleContext } from './conditions.ts';

export type OraclePrincipal =
  | { type: 'anonymous' }
  | { type: 'aws'; account: string; arn: string; canonicalId?: string }
  | { type: 'federated'; provider: string }
  | { type: 'service'; service: string; sourceAccount?: string; sourceArn?: string };

/** One concrete request: the same shape as ajar's AccessWitness, so a witness can be judged as is. */
export interface OracleRequest {
  path: string;
  principal: OraclePrincipal;
  action: string;
  resource: string;
  context: OracleContext;
}

export interface OracleStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal: { negated: boolean; element: unknown };
  actions: { negated: boolean; patterns: string[] };
  resources: { negated: boolean; patterns: string[] };
  conditions: OracleClause[];
}

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

export function parseOraclePolicy(text: string): OracleStatement[] {
  const document = JSON.parse(text) as { Statement?: unknown };
  const raw = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement];
  return (raw as Record<string, unknown>[]).map((s, index) => ({
    index,
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect as 'Allow' | 'Deny',
    principal: { negated: 'NotPrincipal' in s, element: 'NotPrincipal' in s ? s.NotPrincipal : s.Principal },
    actions: { negated: 'NotAction' in s, patterns: list('NotAction' in s ? s.NotAction : s.Action) },
    resources: { negated: 'NotResource' in s, patterns: list('NotResource' in s ? s.NotResource : (s.Resource ?? '*')) },
    conditions: parseConditionBlock(s.Condition),
  }));
}

/** An assumed-role session ARN names the role it came from. */
const roleOfSession = (arn: string): string | undefined => {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : undefined;
};

function awsEntryNames(entry: string, principal: OraclePrincipal): boolean {
  if (entry === '*') return true;
  if (principal.type !== 'aws') return false;
  const account = /^\d{12}$/.test(entry) ? entry : /^arn:aws:iam::(\d{12}):root$/.exec(entry)?.[1];
  if (account !== undefined) return account === principal.account;
  return entry === principal.arn || entry === roleOfSession(principal.arn);
}

/** Whether a Principal element (not negated) names the request's principal. */
export function principalNamed(element: unknown, principal: OraclePrincipal): boolean {
  if (element === '*') return true;
  if (typeof element !== 'object' || element === null) return false;
  for (const [type, values] of Object.entries(element as Record<string, unknown>)) {
    for (const entry of list(values)) {
      if (type === 'AWS' && awsEntryNames(entry, principal)) return true;
      if (type === 'Service' && principal.type === 'service' && entry.toLowerCase() === principal.service.toLowerCase()) return true;
      if (type === 'Federated' && principal.type === 'federated' && entry.toLowerCase() === principal.provider.toLowerCase()) return true;
      if (type === 'CanonicalUser' && principal.type === 'aws' && principal.canonicalId === entry) return true;
    }
  }
  return false;
}

const matchesAny = (patterns: string[], value: string, ignoreCase: boolean) => patterns.some((p) => globMatch(p, value, ignoreCase));

export function statementApplies(statement: OracleStatement, request: OracleRequest): boolean {
  const named = principalNamed(statement.principal.element, request.principal);
  if (named === statement.principal.negated) return false;
  if (matchesAny(statement.actions.patterns, request.action, true) === statement.actions.negated) return false;
  // "Policy variables": a variable in Resource takes the request's value; a key the request lacks matches nothing.
  const resources = statement.resources.patterns.map((p) => substituteVariables(p, request.context, true)).filter((p): p is string => p !== undefined);
  if (matchesAny(resources, request.resource, false) === statement.resources.negated) return false;
  return conditionsAreTrue(statement.conditions, request.context);
}

export interface PolicyDecision {
  decision: 'deny' | 'allow' | 'none';
  statements: OracleStatement[];
}

export function evaluateOraclePolicy(statements: readonly OracleStatement[], request: OracleRequest): PolicyDecision {
  const applying = statements.filter((s) => statementApplies(s, request));
  const denies = applying.filter((s) => s.effect === 'Deny');
  if (denies.length > 0) return { decision: 'deny', statements: denies };
  const allows = applying.filter((s) => s.effect === 'Allow');
  return allows.length > 0 ? { decision: 'allow', statements: allows } : { decision: 'none', statements: [] };
}
