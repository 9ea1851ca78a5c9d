/**
 * Effective exposure of AWS databases, pure: network reachability of an endpoint (publicly
 * accessible flag + security groups), resource policies (DynamoDB, OpenSearch) judged by the IAM
 * policy engine for anonymous and any-authenticated requesters, and snapshot sharing. Every
 * verdict carries a trace naming the layer and the rule or statement responsible.
 */
import type { TraceStep } from '../engine/finding.ts';
import { evaluateAccess, exactResource, parsePolicy, PolicyParseError, statementLabel, type PolicyStatement } from './aws-policy.ts';
import type { RequesterClass } from './aws-conditions.ts';
import { internetIngressOnPort, type NetworkSettings, type SecurityGroup } from './network.ts';

// ---------------------------------------------------------------------------------------------
// Endpoints behind security groups (RDS, Aurora, DocumentDB, Neptune, Redshift)

export type NetworkVerdict =
  /** Publicly accessible and a rule admits the internet on the port. */
  | 'exposed'
  /** Publicly accessible, but no rule admits the internet on the port. */
  | 'firewalled'
  /** No public address: not reachable from the internet whatever the rules say. */
  | 'private'
  /** Publicly accessible, no rule found open, but a prefix list on a matching rule could not be read. */
  | 'undetermined';

export interface NetworkExposure {
  verdict: NetworkVerdict;
  /** One line: which rule admits whom, or why nothing does. */
  reason: string;
  trace: TraceStep[];
}

export function endpointExposure(input: { publiclyAccessible: boolean; port: number; groups: readonly SecurityGroup[] }, settings: NetworkSettings): NetworkExposure {
  const trace: TraceStep[] = [];
  if (!input.publiclyAccessible) {
    trace.push({ layer: 'endpoint', ref: 'PubliclyAccessible=false', effect: 'blocks', detail: 'the endpoint has only private addresses in the VPC' });
    return { verdict: 'private', reason: 'it is not publicly accessible (private addresses only)', trace };
  }
  trace.push({ layer: 'endpoint', ref: 'PubliclyAccessible=true', effect: 'grants', detail: `the endpoint resolves to a public address; port ${input.port}` });
  const result = internetIngressOnPort(input.groups, input.port, settings);
  for (const admission of result.admitted) {
    trace.push({ layer: 'security group', ref: admission.groupId, effect: 'grants', detail: admission.reason });
  }
  for (const open of result.unresolved) {
    trace.push({ layer: 'security group', ref: `${open.groupId} ${open.prefixListId}`, effect: 'note', detail: `prefix list could not be read: ${open.why}` });
  }
  if (result.admitted.length > 0) return { verdict: 'exposed', reason: result.admitted[0]!.reason, trace };
  if (result.unresolved.length > 0) {
    const first = result.unresolved[0]!;
    return { verdict: 'undetermined', reason: `prefix list ${first.prefixListId} in ${first.groupId} admits port ${input.port} and could not be read (${first.why})`, trace };
  }
  const groups = input.groups.map((g) => g.groupId).join(', ') || 'none';
  const sources = [...new Set(result.restricted.map((r) => `${r.source} (${r.why})`))];
  const detail = result.portOpen
    ? `security groups (${groups}) open port ${input.port} only to ${sources.length > 0 ? sources.join(', ') : 'sources that are not addresses'}`
    : `no security group rule (${groups}) admits port ${input.port}`;
  trace.push({ layer: 'security group', ref: groups, effect: 'blocks', detail });
  return { verdict: 'firewalled', reason: detail, trace };
}

// ---------------------------------------------------------------------------------------------
// Resource policies (DynamoDB tables, OpenSearch domains)

export interface PolicyGrant {
  audience: 'anonymous' | 'authenticated';
  ref: string;
  /** Condition keys on the statement that do not keep outsiders out (aws:Referer ...). */
  unrestrictingKeys: string[];
  detail: string;
}

export interface PolicyExposure {
  public: boolean;
  grants: PolicyGrant[];
  trace: TraceStep[];
  /** Set when the policy could not be parsed: no verdict is possible. */
  error?: string;
}

const AUDIENCE_WORDS = { anonymous: 'anyone on the internet (unsigned requests)', authenticated: 'any authenticated AWS principal' } as const;

/**
 * Can anyone outside the owner reach the resource through its policy? `resources` are the ARNs the
 * question is about (a statement matching any of them counts); `audiences` are the requester
 * classes that make the resource public for this service.
 */
export function policyExposure(
  policyText: string | null,
  input: { layer: string; actions: readonly string[]; resources: readonly string[]; audiences: readonly ('anonymous' | 'authenticated')[] },
): PolicyExposure {
  const trace: TraceStep[] = [];
  if (policyText === null) {
    trace.push({ layer: input.layer, effect: 'note', detail: 'no policy: only principals of the owner account with IAM permissions can call' });
    return { public: false, grants: [], trace };
  }
  let policy;
  try {
    policy = parsePolicy(policyText);
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    trace.push({ layer: input.layer, effect: 'note', detail: `policy could not be evaluated: ${error.message}` });
    return { public: false, grants: [], trace, error: error.message };
  }
  const matcher = exactResource(...input.resources);
  const grants: PolicyGrant[] = [];
  const seen = new Set<string>();
  for (const audience of input.audiences) {
    const requester: RequesterClass = { kind: audience };
    const decision = evaluateAccess(policy, input.actions, matcher, requester);
    for (const hit of decision.denies) {
      const key = `deny|${hit.statement.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'blocks', detail: `Deny applies to every request from ${AUDIENCE_WORDS[audience]}` });
    }
    for (const hit of decision.restricted) {
      const key = `restricted|${hit.statement.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'restricts', detail: hit.condition.clauses.filter((c) => c.outcome === 'never').map((c) => c.note).join('; ') });
    }
    if (!decision.allowed) continue;
    for (const hit of decision.grants) {
      const key = `grant|${audience}|${hit.statement.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const loose = hit.condition.clauses.filter((c) => c.outcome !== 'always');
      const unrestrictingKeys = [...new Set(loose.map((c) => c.clause.key))];
      const detail = `${AUDIENCE_WORDS[audience]} is allowed ${actionWords(hit.statement)} by ${statementLabel(hit.statement)}${loose.length ? ` — ${loose.map((c) => c.note).join('; ')}` : ''}`;
      grants.push({ audience, ref: statementLabel(hit.statement), unrestrictingKeys, detail });
      trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'grants', detail });
    }
  }
  return { public: grants.length > 0, grants, trace };
}

const actionWords = (statement: PolicyStatement): string =>
  `${statement.actions.negated ? 'every action except ' : ''}${statement.actions.patterns.join(', ')}`;

// ---------------------------------------------------------------------------------------------
// Snapshots

export interface SnapshotSharing {
  public: boolean;
  /** Accounts outside the owner and the trusted set that may restore the snapshot. */
  untrusted: string[];
  /** Every account named, owner and trusted ones included. */
  accounts: string[];
}

export function snapshotSharing(restoreAccounts: readonly string[], owner: string, trusted: ReadonlySet<string>): SnapshotSharing {
  const isPublic = restoreAccounts.some((a) => a.toLowerCase() === 'all');
  const accounts = restoreAccounts.filter((a) => a.toLowerCase() !== 'all');
  return { public: isPublic, accounts, untrusted: accounts.filter((a) => a !== owner && !trusted.has(a)) };
}
