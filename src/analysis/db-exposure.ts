/**
 * Effective exposure of AWS databases, pure: network reachability of an endpoint (publicly
 * accessible flag + security groups), resource policies (DynamoDB, OpenSearch) judged by the IAM
 * policy engine on every request path an outsider can take, over every action of the service that
 * acts on the resource, and snapshot sharing. Every
 * verdict carries a trace naming the layer and the rule or statement responsible.
 */
import type { TraceStep } from '../engine/finding.ts';
import { evaluateAccess, exactResource, parsePolicy, PolicyParseError, statementLabel, type ParsedPolicy, type PolicyStatement, type StatementHit } from './aws-policy.ts';
import type { RequesterClass, RequestPath } from './aws-conditions.ts';
import { buildWitness, type AccessWitness } from './aws-witness.ts';
import { actionsOnResources, type ActionTarget, type ResourceActions } from './iam-actions.ts';
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
  /** One concrete request of this audience that the policy allows. */
  witness?: AccessWitness;
}

export interface PolicyExposure {
  public: boolean;
  grants: PolicyGrant[];
  trace: TraceStep[];
  /** Set when the policy could not be parsed: no verdict is possible. */
  error?: string;
}

const AUDIENCE_WORDS = { anonymous: 'anyone on the internet (unsigned requests)', authenticated: 'any authenticated AWS principal' } as const;

const audienceOfPath = (path: RequestPath): PolicyGrant['audience'] => (path === 'anonymous' ? 'anonymous' : 'authenticated');

const requesterOn = (path: RequestPath, resourceAccount: string | undefined): RequesterClass =>
  path === 'anonymous' ? { kind: 'anonymous', path, resourceAccount } : { kind: 'authenticated', path, resourceAccount };

/** The account field of an ARN (arn:aws:dynamodb:region:ACCOUNT:table/t). */
const accountOfArn = (arn: string): string | undefined => arn.split(':')[4] || undefined;

/**
 * Can anyone outside the owner reach the resource through its policy? Each target pairs actions
 * with the ARNs they act on (a statement matching any of them counts); `paths` are the request
 * paths an outsider can take to this service, each judged on its own as for S3.
 */
export function policyExposure(
  policyText: string | null,
  input: { layer: string; targets: readonly ActionTarget[]; paths: readonly RequestPath[] },
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
  const grants: PolicyGrant[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  const owner = accountOfArn(input.targets[0]?.resources[0] ?? '');
  for (const path of input.paths) {
    const requester = requesterOn(path, owner);
    const audience = audienceOfPath(path);
    for (const target of input.targets) {
      const decision = evaluateAccess(policy, target.actions, exactResource(...target.resources), requester);
      for (const hit of decision.denies) {
        if (once(`deny|${audience}|${hit.statement.index}`)) trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'blocks', detail: `Deny applies to every request from ${AUDIENCE_WORDS[audience]}` });
      }
      for (const hit of decision.restricted) {
        if (once(`restricted|${hit.statement.index}`)) trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'restricts', detail: hit.condition.clauses.filter((c) => c.outcome === 'never').map((c) => c.note).join('; ') });
      }
      if (!decision.allowed) continue;
      for (const hit of decision.grants) {
        const witness = witnessFor(policy, hit, requester, target, owner);
        const known = grants.find((g) => g.audience === audience && g.ref === statementLabel(hit.statement));
        if (known) {
          known.witness ??= witness;
          continue;
        }
        const loose = hit.condition.clauses.filter((c) => c.outcome !== 'always');
        const unrestrictingKeys = [...new Set(loose.map((c) => c.clause.key))];
        const detail = `${AUDIENCE_WORDS[audience]} is allowed ${actionWords(hit.statement)} by ${statementLabel(hit.statement)}${loose.length ? ` — ${loose.map((c) => c.note).join('; ')}` : ''}`;
        grants.push({ audience, ref: statementLabel(hit.statement), unrestrictingKeys, detail, ...(witness ? { witness } : {}) });
        trace.push({ layer: input.layer, ref: statementLabel(hit.statement), effect: 'grants', detail });
      }
    }
  }
  return { public: grants.length > 0, grants, trace };
}

/** The concrete request behind a grant, on the first of the target's resources its statement names. */
function witnessFor(policy: ParsedPolicy, hit: StatementHit, requester: RequesterClass, target: ActionTarget, owner: string | undefined): AccessWitness | undefined {
  if (!hit.path || !hit.action) return undefined;
  const resource = target.resources.find((r) => exactResource(r)(hit.statement));
  if (!resource) return undefined;
  return buildWitness({ policy, statement: hit.statement, path: hit.path, requester, action: hit.action, bucketArn: resource, objectLevel: false, owner: owner ?? '' });
}

const actionWords = (statement: PolicyStatement): string =>
  `${statement.actions.negated ? 'every action except ' : ''}${statement.actions.patterns.join(', ')}`;

/**
 * A DynamoDB resource-based policy attaches to a table, and then also governs its indexes, or to a
 * stream (DynamoDB DG, "Using resource-based policies for DynamoDB",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html):
 * every dynamodb action acting on a table, index or stream is asked about, each on those it acts on,
 * except those DynamoDB does not let such a policy grant to another account (below).
 */
export interface DynamoDbTableActions extends ResourceActions {
  /** Supported in a resource policy, but only for principals of the owner account. */
  ownerAccountOnly: string[];
  /** Not supported by resource-based policies at all. */
  notInResourcePolicies: string[];
  /** Both sets, grouped by resource as `targets` are, to name an outsider's grant of them as inert. */
  setAside: ActionTarget[];
}

/**
 * DynamoDB DG, "DynamoDB API operations supported by resource-based policies"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html), as IAM
 * actions: the APIs with "Resource-based policy support: Yes, Cross-account support: No". The three
 * PartiQL APIs (ExecuteStatement ...) are authorized as the PartiQL* actions.
 */
const DYNAMODB_OWNER_ACCOUNT_ONLY = new Set([
  'PartiQLSelect', 'PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete',
  'DescribeTableReplicaAutoScaling', 'UpdateTableReplicaAutoScaling',
  'CreateBackup',
  'DescribeContinuousBackups', 'RestoreTableToPointInTime', 'UpdateContinuousBackups',
  'DescribeContributorInsights', 'UpdateContributorInsights',
  'ExportTableToPointInTime',
  'DescribeKinesisStreamingDestination', 'DisableKinesisStreamingDestination', 'EnableKinesisStreamingDestination', 'UpdateKinesisStreamingDestination',
  'GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy',
  'DescribeTimeToLive', 'UpdateTimeToLive',
].map((name) => `dynamodb:${name}`));

/** Same page: the APIs acting on a table with "Resource-based policy support: No". */
const DYNAMODB_NOT_IN_RESOURCE_POLICIES = new Set([
  'CreateTable', 'CreateGlobalTable', 'UpdateGlobalTable', 'UpdateGlobalTableSettings', 'RestoreTableFromBackup', 'ListExports', 'ImportTable', 'ListImports',
].map((name) => `dynamodb:${name}`));

/**
 * Actions the page does not list (replication, AWS Backup, SearchVectors ...) keep counting: absent
 * a statement that another account cannot use them, a public grant of them is taken as public.
 */
const grantableAcrossAccounts = (action: string): boolean => !DYNAMODB_OWNER_ACCOUNT_ONLY.has(action) && !DYNAMODB_NOT_IN_RESOURCE_POLICIES.has(action);

export function dynamoDbTableActions(tableArn: string): DynamoDbTableActions {
  const onTable = actionsOnResources('dynamodb', { table: [tableArn], index: [`${tableArn}/index/any-index`], stream: [`${tableArn}/stream/any-stream`] });
  return {
    targets: narrowTargets(onTable.targets, grantableAcrossAccounts),
    considered: onTable.considered.filter(grantableAcrossAccounts),
    notThisResource: onTable.notThisResource,
    ownerAccountOnly: onTable.considered.filter((a) => DYNAMODB_OWNER_ACCOUNT_ONLY.has(a)),
    notInResourcePolicies: onTable.considered.filter((a) => DYNAMODB_NOT_IN_RESOURCE_POLICIES.has(a)),
    setAside: narrowTargets(onTable.targets, (a) => !grantableAcrossAccounts(a)),
  };
}

/** The targets with only the actions `keep` accepts, groups left empty dropped. */
const narrowTargets = (targets: readonly ActionTarget[], keep: (action: string) => boolean): ActionTarget[] =>
  targets.map((t) => ({ ...t, actions: t.actions.filter(keep) })).filter((t) => t.actions.length > 0);

/**
 * Outsiders' grants of actions the policy cannot give them, as trace notes, so that such a
 * statement is not passed over in silence; statements in `granting` already have their step.
 */
export function inertGrants(policyText: string | null, input: { layer: string; targets: readonly ActionTarget[]; paths: readonly RequestPath[] }, granting: readonly string[], why: string): TraceStep[] {
  return policyExposure(policyText, input).grants
    .filter((g) => !granting.includes(g.ref))
    .map((g) => ({ layer: input.layer, ref: g.ref, effect: 'note' as const, detail: `${g.detail} — but ${why}` }));
}

/** DynamoDB accepts only signed requests ("Using resource-based policies for DynamoDB"): no anonymous path, every signed one. */
export const DYNAMODB_PATHS: readonly RequestPath[] = ['signed', 'vpc-endpoint', 'web-identity', 'aws-service'];

export interface OpenSearchActions extends ResourceActions {
  /** Domain actions of the configuration API and cross-cluster search, which a domain access policy does not grant. */
  notThisPolicy: string[];
}

/**
 * A domain access policy governs the domain's subresources, its indexes and HTTP APIs, and there
 * "es:* is equivalent to es:ESHttp*"; the configuration API (es:UpdateDomainConfig, es:DeleteDomain
 * ...) "requires an identity-based policy" (OpenSearch DG, "Identity and Access Management in Amazon
 * OpenSearch Service", https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html).
 * es:ESCrossClusterGet is granted to other domains only over a cross-cluster connection the owner
 * accepts (OpenSearch DG, "Cross-cluster search"), so a wildcard grant of it alone admits no one.
 */
export function openSearchDomainActions(domainArn: string): OpenSearchActions {
  const onDomain = actionsOnResources('es', { domain: [domainArn, `${domainArn}/any-index`] });
  const http = (a: string) => OPENSEARCH_HTTP_ACTION.test(a);
  return {
    targets: narrowTargets(onDomain.targets, http),
    considered: onDomain.considered.filter(http),
    notThisResource: onDomain.notThisResource,
    notThisPolicy: onDomain.considered.filter((a) => !http(a)),
  };
}

/** The actions of requests to the domain endpoint itself (es:ESHttpGet ...). */
const OPENSEARCH_HTTP_ACTION = /^es:ESHttp/;

/**
 * A public-endpoint domain admits unsigned HTTP requests when its policy allows them (same page,
 * "IP-based policies" and the open-policy warning), and signed ones from any account. Its endpoint
 * is on the internet only: the interface VPC endpoints OpenSearch offers serve VPC domains, so
 * there is no outsider's-VPC-endpoint path to a public domain.
 */
export const OPENSEARCH_PUBLIC_PATHS: readonly RequestPath[] = ['anonymous', 'signed', 'web-identity', 'aws-service'];

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
