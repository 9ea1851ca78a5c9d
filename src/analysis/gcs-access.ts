/**
 * Effective public access to a Cloud Storage bucket (DESIGN.md §4 "GCS"), combining the layers
 * the way Cloud Storage does:
 *
 * 1. Public access prevention: `enforced` on the bucket, or `inherited` with the project's
 *    effective `storage.publicAccessPrevention` org policy enforced, switches off every grant to
 *    allUsers and allAuthenticatedUsers, whatever IAM or ACLs say
 *    (https://cloud.google.com/storage/docs/public-access-prevention).
 * 2. Bucket IAM: a binding whose members include allUsers or allAuthenticatedUsers grants them
 *    the role's permissions. Predefined roles come from gcs-roles.ts, others (custom roles, and
 *    predefined roles not in the table) from their iam.roles.get definition; a role that could not
 *    be resolved is unknown, never harmless (https://cloud.google.com/storage/docs/access-control/iam).
 * 3. Legacy ACLs, only while uniform bucket-level access is off: the bucket ACL (READER lists,
 *    WRITER also writes, OWNER also changes permissions) and the default object ACL (READER or
 *    OWNER makes every new object readable) (https://cloud.google.com/storage/docs/access-control/lists).
 *
 * IAM Conditions: the attributes Cloud Storage offers to conditions (resource.name, resource.type,
 * resource.service, request.time) never identify the requester, so a condition cannot make a
 * public binding private: it only narrows which objects or when. A conditional public binding is
 * therefore in force, with its condition named in the verdict, except when its expression is a
 * plain `request.time < timestamp(...)` whose time has passed: that grant has expired.
 */
import type { TraceStep } from '../engine/finding.ts';
import type { AclEntry, CustomRoleDefinition, GcsIamConfiguration, IamBinding, IamPolicy } from '../inventory/gcp.ts';
import { PREDEFINED_STORAGE_ROLES } from './gcs-roles.ts';

export const GCS_CAPABILITIES = ['readObjects', 'list', 'write', 'readPermissions', 'writePermissions'] as const;
export type GcsCapability = (typeof GCS_CAPABILITIES)[number];

export const GCS_CAPABILITY_WORDS: Record<GcsCapability, string> = {
  readObjects: 'read objects',
  list: 'list objects',
  write: 'create, overwrite or delete objects',
  readPermissions: 'read the permissions',
  writePermissions: 'change the permissions',
};

/** The permissions that give each capability (any one of them is enough). */
const CAPABILITY_PERMISSIONS: Record<GcsCapability, readonly string[]> = {
  readObjects: ['storage.objects.get'],
  list: ['storage.objects.list'],
  // storage.objects.update changes metadata only, not content, so it is not "write".
  write: ['storage.objects.create', 'storage.objects.delete'],
  readPermissions: ['storage.buckets.getIamPolicy', 'storage.objects.getIamPolicy'],
  writePermissions: ['storage.buckets.setIamPolicy', 'storage.objects.setIamPolicy', 'storage.buckets.update'],
};

export const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'] as const;
export type PublicMember = (typeof PUBLIC_MEMBERS)[number];
export const isPublicMember = (member: string): member is PublicMember => (PUBLIC_MEMBERS as readonly string[]).includes(member);

export interface GcsGrant {
  capability: GcsCapability;
  member: PublicMember;
  layer: 'iam' | 'bucketAcl' | 'defaultObjectAcl';
  /** The role (IAM) or `entity:ROLE` (ACL) responsible. */
  ref: string;
  /** IAM Condition title or expression narrowing the grant, if any. */
  condition?: string;
  /** The default object ACL reaches objects created from now on, not necessarily existing ones. */
  scope?: string;
}

/** Something that keeps a capability from being decided. */
export interface GcsUndecided {
  /** The capabilities it could hide; undefined: every capability. */
  capabilities?: readonly GcsCapability[];
  /** The public members it concerns; undefined: both. */
  members?: readonly PublicMember[];
  reason: string;
}

/** A facet as the evaluator receives it: a value, or why it could not be read, or not collected. */
export type Input<T> = { value: T } | { unreadable: string } | undefined;

export interface GcsAccessInput {
  bucket: string;
  iamConfiguration: GcsIamConfiguration;
  iamPolicy: Input<IamPolicy>;
  roles: Input<Record<string, CustomRoleDefinition>>;
  acl: Input<AclEntry[] | null>;
  defaultObjectAcl: Input<AclEntry[] | null>;
  /** The project's effective org policy: true when public access prevention is enforced. */
  orgPublicAccessPrevention: Input<boolean>;
  /** For IAM Conditions on request.time; defaults to now. */
  now?: Date;
}

export interface GcsExposure {
  grants: GcsGrant[];
  neutralised: { grant: GcsGrant; by: string }[];
  undecided: GcsUndecided[];
  trace: TraceStep[];
  /** Public access prevention is in force (bucket setting or org policy). */
  preventionEnforced: boolean;
  /** Set when the bucket inherits prevention and the org policy is unknown: grants may be switched off. */
  preventionUndecided?: string;
}

const ACL_CAPABILITIES: Record<'bucketAcl' | 'defaultObjectAcl', Record<string, GcsCapability[]>> = {
  bucketAcl: {
    READER: ['list'],
    WRITER: ['list', 'write'],
    OWNER: ['list', 'write', 'readPermissions', 'writePermissions'],
  },
  defaultObjectAcl: {
    READER: ['readObjects'],
    OWNER: ['readObjects', 'readPermissions', 'writePermissions'],
  },
};

export const memberWords = (member: PublicMember): string =>
  member === 'allUsers' ? 'anyone on the internet (allUsers)' : 'any signed-in Google account (allAuthenticatedUsers)';

const layerWords: Record<GcsGrant['layer'], string> = { iam: 'IAM binding', bucketAcl: 'bucket ACL entry', defaultObjectAcl: 'default object ACL entry' };

export const describeGcsGrant = (grant: GcsGrant): string =>
  `${memberWords(grant.member)} can ${GCS_CAPABILITY_WORDS[grant.capability]}${grant.scope ? ` (${grant.scope})` : ''} via ${layerWords[grant.layer]} ${grant.ref}${
    grant.condition ? ` with condition "${grant.condition}"` : ''
  }`;

const TIME_BOUND = /^\s*request\.time\s*<=?\s*timestamp\(\s*["']([^"']+)["']\s*\)\s*$/;

/** The grant's condition has run out (only the plain `request.time < timestamp(t)` form is judged). */
function expiredCondition(binding: IamBinding, now: Date): string | undefined {
  const match = binding.condition ? TIME_BOUND.exec(binding.condition.expression) : null;
  if (!match) return undefined;
  const until = Date.parse(match[1]!);
  return !Number.isNaN(until) && until <= now.getTime() ? match[1] : undefined;
}

function capabilitiesOf(permissions: readonly string[]): GcsCapability[] {
  const held = new Set(permissions);
  return GCS_CAPABILITIES.filter((c) => CAPABILITY_PERMISSIONS[c].some((p) => held.has(p) || held.has(`${p.slice(0, p.lastIndexOf('.'))}.*`)));
}

const describeInput = (input: { unreadable: string } | undefined, what: string) => (input ? `${what} could not be read (${input.unreadable})` : `${what} was not collected`);

function permissionsOfRole(role: string, roles: GcsAccessInput['roles']): { permissions: readonly string[] } | { undecided: string } {
  const predefined = PREDEFINED_STORAGE_ROLES[role];
  if (predefined) return { permissions: predefined };
  if (!roles || 'unreadable' in roles) return { undecided: `role ${role}: ${describeInput(roles, 'its definition')}` };
  const definition = roles.value[role];
  if (!definition) return { undecided: `role ${role} is not a known storage role and its definition was not collected` };
  if ('unreadable' in definition) return { undecided: `role ${role}: iam.roles.get failed with ${definition.unreadable.code}` };
  return { permissions: definition.permissions };
}

function iamGrants(input: GcsAccessInput, now: Date, out: GcsExposure): GcsGrant[] {
  const policy = input.iamPolicy;
  if (!policy || 'unreadable' in policy) {
    out.undecided.push({ reason: `bucket IAM policy: ${describeInput(policy, 'the policy')}` });
    out.trace.push({ layer: 'bucket IAM', effect: 'note', detail: describeInput(policy, 'the IAM policy') });
    return [];
  }
  const grants: GcsGrant[] = [];
  for (const binding of policy.value.bindings) {
    const members = binding.members.filter(isPublicMember);
    if (members.length === 0) continue;
    const resolved = permissionsOfRole(binding.role, input.roles);
    if ('undecided' in resolved) {
      out.undecided.push({ members, reason: resolved.undecided });
      out.trace.push({ layer: 'bucket IAM', ref: binding.role, effect: 'note', detail: `${members.join(', ')} bound to a role that could not be resolved: ${resolved.undecided}` });
      continue;
    }
    const capabilities = capabilitiesOf(resolved.permissions);
    const condition = binding.condition ? (binding.condition.title ?? binding.condition.expression) : undefined;
    const expired = expiredCondition(binding, now);
    for (const member of members) {
      for (const capability of capabilities) {
        const grant: GcsGrant = { capability, member, layer: 'iam', ref: binding.role, condition };
        if (expired) out.neutralised.push({ grant, by: `its IAM Condition expired at ${expired}` });
        else grants.push(grant);
      }
      out.trace.push({
        layer: 'bucket IAM',
        ref: binding.role,
        effect: expired ? 'note' : capabilities.length > 0 ? 'grants' : 'note',
        detail: expired
          ? `${member}: condition expired at ${expired}`
          : capabilities.length > 0
            ? `${member} can ${capabilities.map((c) => GCS_CAPABILITY_WORDS[c]).join(', ')}${condition ? ` (condition "${condition}" narrows which objects or when, not who)` : ''}`
            : `${member} bound, but the role holds no object or bucket-permission access`,
      });
    }
  }
  return grants;
}

function aclGrants(layer: 'bucketAcl' | 'defaultObjectAcl', input: Input<AclEntry[] | null>, out: GcsExposure): GcsGrant[] {
  const label = layer === 'bucketAcl' ? 'bucket ACL' : 'default object ACL';
  if (!input || 'unreadable' in input) {
    // An unread ACL can only hide what its roles could grant: a bucket ACL never grants object reads.
    const capabilities = [...new Set(Object.values(ACL_CAPABILITIES[layer]).flat())];
    out.undecided.push({ capabilities, reason: `${label}: ${describeInput(input, 'the ACL')}` });
    out.trace.push({ layer: label, effect: 'note', detail: describeInput(input, `the ${label}`) });
    return [];
  }
  const grants: GcsGrant[] = [];
  for (const entry of input.value ?? []) {
    if (!isPublicMember(entry.entity)) continue;
    const capabilities = ACL_CAPABILITIES[layer][entry.role] ?? [];
    for (const capability of capabilities) {
      grants.push({
        capability,
        member: entry.entity,
        layer,
        ref: `${entry.entity}:${entry.role}`,
        scope: layer === 'defaultObjectAcl' ? 'objects created without an explicit ACL' : undefined,
      });
    }
    out.trace.push({ layer: label, ref: `${entry.entity}:${entry.role}`, effect: 'grants', detail: `${entry.entity} can ${capabilities.map((c) => GCS_CAPABILITY_WORDS[c]).join(', ')}` });
  }
  return grants;
}

export function evaluateGcsAccess(input: GcsAccessInput): GcsExposure {
  const out: GcsExposure = { grants: [], neutralised: [], undecided: [], trace: [], preventionEnforced: false };
  const now = input.now ?? new Date();
  const { uniformBucketLevelAccess, publicAccessPrevention } = input.iamConfiguration;

  let prevention: string | undefined;
  let preventionUnknown: string | undefined;
  if (publicAccessPrevention === 'enforced') prevention = 'public access prevention (bucket: enforced)';
  else {
    const org = input.orgPublicAccessPrevention;
    if (org && 'value' in org) {
      if (org.value) prevention = 'public access prevention (organization policy storage.publicAccessPrevention, inherited by the bucket)';
    } else preventionUnknown = `the bucket inherits public access prevention and the storage.publicAccessPrevention organization policy ${org ? `could not be read (${org.unreadable})` : 'was not collected'}`;
  }
  out.preventionEnforced = prevention !== undefined;
  out.trace.push({
    layer: 'public access prevention',
    ref: publicAccessPrevention,
    effect: prevention ? 'blocks' : 'note',
    detail: prevention ? `${prevention} switches off every grant to allUsers and allAuthenticatedUsers` : (preventionUnknown ?? 'not enforced on the bucket nor by organization policy'),
  });

  const candidates = iamGrants(input, now, out);
  if (uniformBucketLevelAccess) {
    out.trace.push({ layer: 'uniform bucket-level access', effect: 'blocks', detail: 'enabled: ACLs are ignored, only IAM decides' });
  } else {
    out.trace.push({ layer: 'uniform bucket-level access', effect: 'note', detail: 'disabled: bucket ACL, default object ACL and per-object ACLs grant access too' });
    candidates.push(...aclGrants('bucketAcl', input.acl, out), ...aclGrants('defaultObjectAcl', input.defaultObjectAcl, out));
  }

  if (prevention) {
    out.neutralised.push(...candidates.map((grant) => ({ grant, by: prevention })));
    // With prevention in force nothing public can pass, so what could not be read no longer matters.
    out.undecided = [];
    return out;
  }
  out.grants = candidates;
  out.preventionUndecided = preventionUnknown;
  return out;
}

export type GcsVerdict =
  | { status: 'fail'; grants: GcsGrant[] }
  | { status: 'unknown'; reasons: string[]; grants: GcsGrant[] }
  | { status: 'pass'; neutralised: { grant: GcsGrant; by: string }[] };

/**
 * One capability (or any, when undefined) for the given audience: fail when a grant is in force,
 * unknown when a grant exists but public access prevention could not be decided, or when some
 * layer could not be read and nothing public was found elsewhere; pass otherwise.
 */
export function verdictFor(exposure: GcsExposure, capability: GcsCapability | undefined, members: readonly PublicMember[] = PUBLIC_MEMBERS): GcsVerdict {
  const relevant = (c: GcsCapability, m: PublicMember) => (capability === undefined || c === capability) && members.includes(m);
  const grants = exposure.grants.filter((g) => relevant(g.capability, g.member));
  if (grants.length > 0 && !exposure.preventionUndecided) return { status: 'fail', grants };
  const reasons = exposure.undecided
    .filter((u) => capability === undefined || u.capabilities === undefined || u.capabilities.includes(capability))
    .filter((u) => u.members === undefined || u.members.some((m) => members.includes(m)))
    .map((u) => u.reason);
  if (grants.length > 0 && exposure.preventionUndecided) reasons.unshift(exposure.preventionUndecided);
  if (reasons.length > 0) return { status: 'unknown', reasons, grants };
  return { status: 'pass', neutralised: exposure.neutralised.filter((n) => relevant(n.grant.capability, n.grant.member)) };
}
