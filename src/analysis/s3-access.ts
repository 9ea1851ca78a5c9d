/**
 * Effective public access to an S3 bucket, combining every layer the way S3 does (DESIGN.md §4):
 * Block Public Access (account OR bucket, flag by flag), Object Ownership, the bucket ACL and the
 * bucket policy. The result says what each audience can do and why, layer by layer.
 */
import type { TraceStep } from '../engine/finding.ts';
import {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  type AclPermission,
  type ObjectOwnership,
  type PublicAccessBlock,
  type S3Acl,
} from '../inventory/aws.ts';
import { accountsNamedBy, type RequesterClass } from './aws-conditions.ts';
import { buildWitness, type AccessWitness } from './aws-witness.ts';
import { actionsFor, S3_CAPABILITIES, type S3Capability } from './s3-actions.ts';
import {
  evaluateAccess,
  exactResource,
  parsePolicy,
  PolicyParseError,
  statementLabel,
  wildcardMatch,
  type AccessDecision,
  type DenyCoverage,
  type ParsedPolicy,
  type PolicyStatement,
  type ResourceMatcher,
} from './aws-policy.ts';

export type { AccessWitness } from './aws-witness.ts';

/** Every s3: action belongs to one capability (Service Authorization Reference, via s3-actions.ts). */
export const CAPABILITIES = S3_CAPABILITIES;
export type Capability = S3Capability;

export const CAPABILITY_WORDS: Record<Capability, string> = {
  readObjects: 'read objects',
  list: 'list objects',
  write: 'write or delete objects',
  readConfig: 'read configuration',
  writeConfig: 'change configuration',
  readAcl: 'read the permissions',
  writeAcl: 'change the permissions',
};

/** Who a grant reaches: anyone at all, any signed-in AWS principal, or one named account. */
export type Audience = 'anonymous' | 'authenticated' | 'account';

export interface ExposureGrant {
  capability: Capability;
  audience: Audience;
  /** For `account`: the account id (or `canonical:<id>` for an ACL grantee). */
  account?: string;
  layer: 'acl' | 'policy';
  /** Statement Sid/index, or the ACL grant, responsible. */
  ref: string;
  /** Set when the grant covers only part of the bucket's objects. */
  scope?: string;
  /** Condition keys on the granting statement that restrict nothing (e.g. aws:Referer). */
  unrestrictingKeys?: string[];
  /** Who really gets in when narrower than the audience says (a wildcard aws:SourceArn of one account). */
  who?: string;
  /** For public grants: one concrete request every layer allows. */
  witness?: AccessWitness;
}

export interface S3AccessInput {
  bucket: string;
  ownerAccount: string;
  acl?: S3Acl;
  policy?: string | null;
  bucketPublicAccessBlock?: PublicAccessBlock | null;
  accountPublicAccessBlock?: PublicAccessBlock | null;
  ownership?: ObjectOwnership | null;
  /** AWS's own IsPublic for the policy, when the endpoint gave one. */
  policyStatusIsPublic?: boolean;
}

export interface S3Exposure {
  /** Grants in force after Block Public Access and Object Ownership. */
  grants: ExposureGrant[];
  /** Grants present in the ACL or policy but switched off, with what switched them off. */
  neutralised: { grant: ExposureGrant; by: string }[];
  trace: TraceStep[];
  /** The policy grants anonymous or any-authenticated access (AWS's "public policy"), before BPA. */
  policyIsPublic: boolean;
  /** Set when AWS's PolicyStatus says the policy is public but this evaluation found no public grant. */
  policyStatusConflict?: string;
  /** Set when the policy could not be parsed; policy-derived verdicts are then unknown. */
  policyError?: string;
}

const ACL_CAPABILITIES: Record<AclPermission, Capability[]> = {
  READ: ['list'],
  WRITE: ['write'],
  READ_ACP: ['readAcl'],
  WRITE_ACP: ['writeAcl'],
  FULL_CONTROL: ['list', 'write', 'readAcl', 'writeAcl'],
};

/**
 * The requests an ACL permission allows, by capability (S3 UG, "Access control list (ACL) overview":
 * mapping of ACL permissions to access policy permissions). READ on a bucket lists it, WRITE
 * creates its objects — deletions and overwrites only "for the bucket and object owners of existing
 * objects", which a public grantee is not — READ_ACP/WRITE_ACP read and write the bucket ACL.
 */
const ACL_ACTIONS: Partial<Record<Capability, { actions: string[]; objectLevel: boolean }>> = {
  list: { actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'], objectLevel: false },
  write: { actions: ['s3:PutObject'], objectLevel: true },
  readAcl: { actions: ['s3:GetBucketAcl'], objectLevel: false },
  writeAcl: { actions: ['s3:PutBucketAcl'], objectLevel: false },
};

const aclRequester = (grant: ExposureGrant, resourceAccount: string): RequesterClass =>
  grant.audience === 'account' ? { kind: 'account', account: grant.account ?? '', resourceAccount } : { kind: grant.audience, resourceAccount };

/**
 * An explicit Deny in the bucket policy cancels access from every layer, ACLs included (IAM UG,
 * "Policy evaluation logic": an explicit deny in any policy overrides any allow; S3 UG, "How Amazon
 * S3 authorizes a request"). The ACL grant is judged as an unconditional Allow of its requests:
 * when the policy's Denies leave none of them standing on any request path, the grant is cancelled.
 */
function aclDenial(policy: ParsedPolicy, input: S3AccessInput, grant: ExposureGrant): { ref: string } | undefined {
  const spec = ACL_ACTIONS[grant.capability];
  if (!spec) return undefined;
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  const asAllow: PolicyStatement = {
    index: -1,
    sid: `ACL ${grant.ref}`,
    effect: 'Allow',
    principal: { negated: false, wildcard: true, accounts: [], arns: [], services: [], canonicalUsers: [], federated: [] },
    actions: { negated: false, patterns: spec.actions },
    resources: { negated: false, patterns: [spec.objectLevel ? `${bucketArn}/*` : bucketArn] },
    conditions: [],
  };
  const withAcl: ParsedPolicy = { statements: [...policy.statements.filter((s) => s.effect === 'Deny'), asAllow] };
  const matcher = spec.objectLevel ? objectMatcher(input.bucket) : exactResource(bucketArn);
  const decision = evaluateAccess(withAcl, spec.actions, matcher, aclRequester(grant, input.ownerAccount), spec.objectLevel ? objectDenyCovers(input.bucket) : undefined);
  if (decision.allowed) return undefined;
  return { ref: decision.denies.map((d) => statementLabel(d.statement)).join(', ') || 'Deny' };
}

/** A concrete request the public ACL grant allows and no Deny of the policy stops. */
function aclWitness(policy: ParsedPolicy | undefined, input: S3AccessInput, grant: ExposureGrant): AccessWitness | undefined {
  const spec = ACL_ACTIONS[grant.capability];
  if (!spec) return undefined;
  const requester = aclRequester(grant, input.ownerAccount);
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  for (const path of requester.kind === 'anonymous' ? (['anonymous', 'vpc-endpoint'] as const) : (['signed', 'vpc-endpoint'] as const)) {
    for (const action of spec.actions) {
      const witness = buildWitness({ policy, path, requester, action, bucketArn, objectLevel: spec.objectLevel, owner: input.ownerAccount });
      if (witness) return witness;
    }
  }
  return undefined;
}

const PROBE_KEY = 'ajar-probe/any-object';

/** Resource patterns judged against the objects of one bucket. */
function objectPatterns(bucket: string) {
  const prefix = `arn:aws:s3:::${bucket}/`;
  const probe = prefix + PROBE_KEY;
  return {
    prefix,
    /** The pattern reaches at least one object of the bucket. */
    touches: (p: string) => wildcardMatch(p, probe) || p.startsWith(prefix),
    /** The pattern reaches every object of the bucket. */
    coversAll: (p: string) => wildcardMatch(p, probe) && wildcardMatch(p, `${prefix}x`),
  };
}

/**
 * Matches statements whose Resource covers at least one object of the bucket. A pattern such as
 * `arn:aws:s3:::b/public/*` covers some objects: that is still exposure, recorded with its scope.
 */
function objectMatcher(bucket: string): ResourceMatcher {
  const { touches, coversAll } = objectPatterns(bucket);
  return (statement) => {
    const { negated, patterns } = statement.resources;
    if (negated) return !patterns.some(coversAll);
    return patterns.some(touches);
  };
}

/**
 * A Deny cancels an Allow on objects only when it reaches every object the Allow reaches: a Deny of
 * `b/secret/*` leaves the rest of an Allow of `b/*` in force (IAM: a Deny overrides the requests it
 * matches). When unsure (NotResource on either side) the Allow stands, so exposure is not missed.
 */
function objectDenyCovers(bucket: string): DenyCoverage {
  const { touches, coversAll } = objectPatterns(bucket);
  return (deny, allow) => {
    const denied = deny.resources;
    const allowed = allow.resources;
    if (denied.negated) return !denied.patterns.some(touches);
    if (denied.patterns.some(coversAll)) return true;
    if (allowed.negated) return false;
    // Each Allow pattern reaching this bucket must lie inside a Deny pattern (Deny `b/*` ⊇ Allow `b/public/*`).
    return allowed.patterns.filter(touches).every((a) => denied.patterns.some((d) => wildcardMatch(d, a)));
  };
}

/** The part of the bucket's objects one statement reaches, or undefined for all of them. */
function objectScope(statement: PolicyStatement, bucket: string): string | undefined {
  const { prefix, touches, coversAll } = objectPatterns(bucket);
  const { negated, patterns } = statement.resources;
  if (negated) {
    const excluded = patterns.filter(touches);
    return excluded.length > 0 ? `all objects except ${excluded.join(', ')}` : undefined;
  }
  if (patterns.some(coversAll)) return undefined;
  const partial = patterns.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  return partial.length > 0 ? partial.join(', ') : undefined;
}

interface PolicyProbe {
  capability: Capability;
  requester: RequesterClass;
  decision: AccessDecision;
  /** The probe is about objects, so each grant may reach only part of them. */
  objectLevel: boolean;
}

function probePolicy(policy: ParsedPolicy, bucket: string, capability: Capability, requester: RequesterClass): PolicyProbe[] {
  const { bucket: bucketActions, object: objectActions } = actionsFor(capability);
  const probes: PolicyProbe[] = [];
  if (bucketActions.length > 0) {
    const decision = evaluateAccess(policy, bucketActions, exactResource(`arn:aws:s3:::${bucket}`), requester);
    probes.push({ capability, requester, decision, objectLevel: false });
  }
  if (objectActions.length > 0) {
    const decision = evaluateAccess(policy, objectActions, objectMatcher(bucket), requester, objectDenyCovers(bucket));
    probes.push({ capability, requester, decision, objectLevel: true });
  }
  return probes;
}

const audienceOf = (requester: RequesterClass): Audience => requester.kind;

const audienceWords = (grant: Pick<ExposureGrant, 'audience' | 'account' | 'who'>): string =>
  grant.who
    ? grant.who
    : grant.audience === 'anonymous'
    ? 'anyone on the internet'
    : grant.audience === 'authenticated'
      ? 'any authenticated AWS principal'
      : `account ${grant.account}`;

export const describeGrant = (grant: ExposureGrant): string =>
  `${audienceWords(grant)} can ${CAPABILITY_WORDS[grant.capability]}${grant.scope ? ` (${grant.scope})` : ''} via ${
    grant.layer === 'acl' ? `ACL grant ${grant.ref}` : `bucket policy ${grant.ref}`
  }${grant.unrestrictingKeys?.length ? `, whose condition on ${grant.unrestrictingKeys.join(', ')} restricts nothing` : ''}`;

/**
 * A wildcard aws:SourceArn whose account field is fixed is "not fixed", so public by AWS's
 * definition, yet only resources of that one account match: say so instead of "anyone".
 */
function wildcardSourceArnWords(statement: PolicyStatement): string | undefined {
  const arns = statement.conditions
    .filter((c) => c.key.toLowerCase() === 'aws:sourcearn' && !/not/i.test(c.operator))
    .flatMap((c) => c.values);
  if (arns.length === 0) return undefined;
  const parts = arns.map((arn) => arn.split(':'));
  if (!parts.every((p) => /^\d{12}$/.test(p[4] ?? '') && /[*?]/.test(p.join(':')))) return undefined;
  const services = [...new Set(parts.map((p) => p[2] ?? '*'))].join(', ');
  const accounts = [...new Set(parts.map((p) => p[4]!))].join(', ');
  return `any resource of service ${services} in account ${accounts} (wildcard source ARN)`;
}

function candidateAccounts(policy: ParsedPolicy, owner: string): string[] {
  const accounts = new Set<string>();
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || statement.principal.negated) continue;
    statement.principal.accounts.forEach((a) => accounts.add(a));
    statement.conditions.flatMap(accountsNamedBy).forEach((a) => accounts.add(a));
  }
  accounts.delete(owner);
  return [...accounts].sort();
}

function evaluatePolicy(input: S3AccessInput, policy: ParsedPolicy, trace: TraceStep[]): ExposureGrant[] {
  const grants: ExposureGrant[] = [];
  const seenTrace = new Set<string>();
  const note = (step: TraceStep) => {
    const key = `${step.layer}|${step.ref}|${step.effect}|${step.detail}`;
    if (!seenTrace.has(key)) {
      seenTrace.add(key);
      trace.push(step);
    }
  };
  const resourceAccount = input.ownerAccount;
  const publicRequesters: RequesterClass[] = [{ kind: 'anonymous', resourceAccount }, { kind: 'authenticated', resourceAccount }];
  const accountRequesters: RequesterClass[] = candidateAccounts(policy, input.ownerAccount).map((account) => ({ kind: 'account', account, resourceAccount }));
  for (const capability of CAPABILITIES) {
    let reachedAnonymously = false;
    for (const requester of [...publicRequesters, ...accountRequesters]) {
      if (requester.kind !== 'anonymous' && reachedAnonymously) continue;
      for (const probe of probePolicy(policy, input.bucket, capability, requester)) {
        const { decision } = probe;
        const who = requester.kind === 'account' ? `account ${requester.account}` : requester.kind === 'anonymous' ? 'anonymous requests' : 'authenticated requests';
        for (const hit of decision.denies) {
          // A Deny of some objects only is named with its part, so the trace does not overstate it.
          const part = probe.objectLevel ? objectScope(hit.statement, input.bucket) : undefined;
          note({ layer: 'bucket policy', ref: statementLabel(hit.statement), effect: 'blocks', detail: `Deny applies to every ${who} for ${CAPABILITY_WORDS[capability]}${part ? ` (${part})` : ''}${hit.condition.clauses.length ? ` (${hit.condition.clauses.map((c) => c.note).join('; ')})` : ''}` });
        }
        for (const hit of decision.avoidableDenies) {
          note({ layer: 'bucket policy', ref: statementLabel(hit.statement), effect: 'note', detail: `Deny can be avoided by ${who}: ${hit.condition.clauses.filter((c) => c.outcome !== 'always').map((c) => c.note).join('; ') || 'on another request path, or as a principal it exempts'}` });
        }
        if (requester.kind !== 'account') {
          for (const hit of decision.restricted) {
            note({ layer: 'bucket policy', ref: statementLabel(hit.statement), effect: 'restricts', detail: hit.condition.clauses.filter((c) => c.outcome === 'never').map((c) => c.note).join('; ') });
          }
        }
        if (!decision.allowed) continue;
        if (requester.kind === 'anonymous') reachedAnonymously = true;
        for (const hit of decision.grants) {
          const grant: ExposureGrant = {
            capability,
            audience: audienceOf(requester),
            account: requester.kind === 'account' ? requester.account : undefined,
            layer: 'policy',
            ref: statementLabel(hit.statement),
            scope: probe.objectLevel ? objectScope(hit.statement, input.bucket) : undefined,
          };
          const who = hit.path === 'aws-service' && requester.kind === 'authenticated' ? wildcardSourceArnWords(hit.statement) : undefined;
          if (who) grant.who = who;
          if (isPublicAudience(grant.audience) && hit.path && hit.action) {
            const witness = buildWitness({ policy, statement: hit.statement, path: hit.path, requester, action: hit.action, bucketArn: `arn:aws:s3:::${input.bucket}`, objectLevel: probe.objectLevel, owner: input.ownerAccount });
            if (witness) grant.witness = witness;
          }
          const conditionKeys = [...new Set(hit.condition.clauses.filter((c) => c.outcome !== 'always').map((c) => c.clause.key))];
          if (conditionKeys.length > 0) grant.unrestrictingKeys = conditionKeys;
          if (!grants.some((g) => g.capability === grant.capability && g.audience === grant.audience && g.account === grant.account && g.ref === grant.ref)) {
            grants.push(grant);
            const unrestricting = hit.condition.clauses.filter((c) => c.outcome !== 'always').map((c) => c.note);
            note({ layer: 'bucket policy', ref: grant.ref, effect: 'grants', detail: `${describeGrant(grant)}${unrestricting.length ? ` — ${unrestricting.join('; ')}` : ''}` });
          }
        }
      }
    }
  }
  return grants;
}

function aclGrants(acl: S3Acl): ExposureGrant[] {
  const grants: ExposureGrant[] = [];
  for (const grant of acl.grants) {
    const g = grant.grantee;
    let audience: Audience | undefined;
    let account: string | undefined;
    if (g.type === 'Group' && g.uri === ALL_USERS_URI) audience = 'anonymous';
    else if (g.type === 'Group' && g.uri === AUTHENTICATED_USERS_URI) audience = 'authenticated';
    else if (g.type === 'CanonicalUser' && g.id !== acl.ownerId) {
      audience = 'account';
      account = `canonical:${g.id}`;
    } else if (g.type === 'AmazonCustomerByEmail') {
      audience = 'account';
      account = `email:${g.email}`;
    }
    if (!audience) continue;
    const who = g.type === 'Group' ? g.uri.split('/').pop() : g.type === 'CanonicalUser' ? `CanonicalUser ${g.id}` : `email ${g.email}`;
    for (const capability of ACL_CAPABILITIES[grant.permission]) {
      grants.push({ capability, audience, account, layer: 'acl', ref: `${who} ${grant.permission}` });
    }
  }
  return grants;
}

const effectivePublicAccessBlock = (input: S3AccessInput, trace: TraceStep[]): PublicAccessBlock => {
  const flags: (keyof PublicAccessBlock)[] = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];
  const effective = {} as PublicAccessBlock;
  for (const flag of flags) {
    const atAccount = input.accountPublicAccessBlock?.[flag] === true;
    const atBucket = input.bucketPublicAccessBlock?.[flag] === true;
    effective[flag] = atAccount || atBucket;
    if (effective[flag]) {
      const where = [atAccount && 'account', atBucket && 'bucket'].filter(Boolean).join(' and ');
      const layer = 'Block Public Access';
      const name = flag[0]!.toUpperCase() + flag.slice(1);
      const effect = flag === 'blockPublicAcls' || flag === 'blockPublicPolicy' ? 'note' : 'blocks';
      const why =
        flag === 'blockPublicAcls'
          ? 'rejects new public ACLs but leaves existing ones in force'
          : flag === 'blockPublicPolicy'
            ? 'rejects new public policies but leaves the existing policy in force'
            : flag === 'ignorePublicAcls'
              ? 'public ACL grants are ignored'
              : 'a public policy admits only the owner account and AWS services';
      trace.push({ layer, ref: `${name} (${where})`, effect, detail: why });
    }
  }
  return effective;
};

export function evaluateS3Access(input: S3AccessInput): S3Exposure {
  const trace: TraceStep[] = [];
  const pab = effectivePublicAccessBlock(input, trace);
  const neutralised: S3Exposure['neutralised'] = [];
  const grants: ExposureGrant[] = [];

  let parsed: ParsedPolicy | undefined;
  let policyError: string | undefined;
  if (input.policy) {
    try {
      parsed = parsePolicy(input.policy);
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      policyError = error.message;
      trace.push({ layer: 'bucket policy', effect: 'note', detail: `policy could not be evaluated: ${error.message}` });
    }
  }

  if (input.acl) {
    const fromAcl = aclGrants(input.acl);
    const aclsDisabled = input.ownership === 'BucketOwnerEnforced';
    if (aclsDisabled) {
      trace.push({ layer: 'Object Ownership', ref: 'BucketOwnerEnforced', effect: 'neutralises', detail: 'ACLs are disabled; only the policy grants access' });
    }
    for (const grant of fromAcl) {
      const isPublic = grant.audience !== 'account';
      const by = aclsDisabled
        ? 'Object Ownership BucketOwnerEnforced'
        : isPublic && pab.ignorePublicAcls
          ? 'Block Public Access IgnorePublicAcls'
          : undefined;
      if (by) {
        neutralised.push({ grant, by });
        continue;
      }
      const denial = parsed ? aclDenial(parsed, input, grant) : undefined;
      if (denial) {
        trace.push({ layer: 'bucket policy', ref: denial.ref, effect: 'blocks', detail: `explicit Deny cancels ACL grant ${grant.ref}: ${describeGrant(grant)}` });
        // AllUsers is "anyone in the world", signed requests included: a Deny of anonymous requests leaves those.
        const signed: ExposureGrant = { ...grant, audience: 'authenticated' };
        if (grant.audience !== 'anonymous' || !parsed || aclDenial(parsed, input, signed)) continue;
        grant.audience = 'authenticated';
        trace.push({ layer: 'bucket policy', ref: denial.ref, effect: 'note', detail: `the Deny leaves signed requests of any account under ACL grant ${grant.ref}` });
      }
      if (isPublic) {
        const witness = aclWitness(parsed, input, grant);
        if (witness) grant.witness = witness;
      }
      grants.push(grant);
      trace.push({ layer: 'bucket ACL', ref: grant.ref, effect: 'grants', detail: describeGrant(grant) });
    }
  }

  let policyIsPublic = false;
  if (parsed) {
    const fromPolicy = evaluatePolicy(input, parsed, trace);
    policyIsPublic = fromPolicy.some((g) => g.audience !== 'account');
    for (const grant of fromPolicy) {
      if (policyIsPublic && pab.restrictPublicBuckets) neutralised.push({ grant, by: 'Block Public Access RestrictPublicBuckets' });
      else grants.push(grant);
    }
  }

  let policyStatusConflict: string | undefined;
  if (input.policyStatusIsPublic === true && !policyIsPublic && !policyError) {
    policyStatusConflict = 'AWS GetBucketPolicyStatus reports IsPublic=true, but no statement was found to grant public access';
    trace.push({ layer: 'policy status', effect: 'note', detail: policyStatusConflict });
  } else if (input.policyStatusIsPublic !== undefined) {
    const reported = `AWS GetBucketPolicyStatus IsPublic=${input.policyStatusIsPublic}`;
    const detail = policyError
      ? `${reported}; the policy could not be evaluated to compare`
      : input.policyStatusIsPublic === policyIsPublic
        ? `${reported} agrees`
        : `${reported}, but this evaluation found a statement granting public access`;
    trace.push({ layer: 'policy status', effect: 'note', detail });
  }
  for (const { grant, by } of neutralised) {
    trace.push({ layer: by.startsWith('Object') ? 'Object Ownership' : 'Block Public Access', ref: grant.ref, effect: 'neutralises', detail: `${by} switches off: ${describeGrant(grant)}` });
  }
  return { grants, neutralised, trace, policyIsPublic, policyStatusConflict, policyError };
}

export const isPublicAudience = (audience: Audience): boolean => audience === 'anonymous' || audience === 'authenticated';
