/**
 * The differential oracle's S3 authorizer: one concrete request against a bucket's policy, ACL,
 * Block Public Access and Object Ownership → allowed or not. Written from the AWS pages, not from
 * src/analysis (which it is meant to check):
 * - S3 UG "How Amazon S3 authorizes a request": an explicit Deny in the bucket policy denies; an
 *   Allow from the bucket policy or the bucket ACL allows. A request from another account also
 *   needs its own account's identity policy to allow; the outsider writes that policy, so the
 *   oracle takes it as allowing everything. Object ACLs are not modelled (ajar does not read them).
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html
 * - S3 UG "Access control list (ACL) overview", mapping of ACL permissions to policy permissions:
 *   bucket READ = ListBucket, ListBucketVersions, ListBucketMultipartUploads; WRITE = PutObject
 *   (deletes only for owners of existing objects, so the oracle leaves them out); READ_ACP =
 *   GetBucketAcl; WRITE_ACP = PutBucketAcl; FULL_CONTROL = all of them. AllUsers is anyone,
 *   AuthenticatedUsers any signed AWS request.
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
 * - S3 UG "Blocking public access": settings of the account and the bucket combine, the most
 *   restrictive wins. IgnorePublicAcls ignores public ACL grants; RestrictPublicBuckets, when the
 *   policy is public, restricts access "to only AWS service principals and authorized users within
 *   the bucket owner's account"; BlockPublicAcls and BlockPublicPolicy only reject new grants.
 *   "The meaning of public" decides whether the policy is public (publicByDoc below).
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * - S3 UG "Controlling ownership of objects": BucketOwnerEnforced disables every ACL.
 */
import type { ObjectOwnership, PublicAccessBlock, S3Acl } from '../../../src/inventory/aws.ts';
import { evaluateOraclePolicy, parseOraclePolicy, type OracleRequest, type OracleStatement } from './policy.ts';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export interface OracleBucket {
  bucket: string;
  owner: string;
  policy?: string | null;
  acl?: S3Acl;
  bucketPublicAccessBlock?: PublicAccessBlock | null;
  accountPublicAccessBlock?: PublicAccessBlock | null;
  ownership?: ObjectOwnership | null;
}

export interface OracleVerdict {
  allowed: boolean;
  /** Which layer decided: "policy deny Statement[1]", "acl AllUsers READ", "implicit deny" ... */
  by: string;
}

const ACL_ACTIONS: Record<string, { bucket: string[]; object: string[] }> = {
  READ: { bucket: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'], object: [] },
  WRITE: { bucket: [], object: ['s3:PutObject'] },
  READ_ACP: { bucket: ['s3:GetBucketAcl'], object: [] },
  WRITE_ACP: { bucket: ['s3:PutBucketAcl'], object: [] },
};
ACL_ACTIONS.FULL_CONTROL = {
  bucket: Object.values(ACL_ACTIONS).flatMap((a) => a.bucket),
  object: Object.values(ACL_ACTIONS).flatMap((a) => a.object),
};

const flag = (b: OracleBucket, name: keyof PublicAccessBlock) => b.bucketPublicAccessBlock?.[name] === true || b.accountPublicAccessBlock?.[name] === true;

/**
 * "The meaning of public": a policy is non-public only if every Allow grants access to fixed
 * values (no wildcard, no policy variable) of a principal or of one of the listed keys. The list
 * of keys is the page's; aws:PrincipalOrgID, aws:PrincipalAccount and aws:PrincipalArn are
 * counted as "a fixed AWS principal" expressed as a condition (an assumption the page implies).
 */
const FIXING_KEYS = new Set([
  'aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id', 'aws:userid', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
  'aws:principalorgid', 'aws:principalaccount', 'aws:principalarn',
]);
const PUBLIC_WEB_PROVIDERS = ['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com', 'appleid.apple.com'];

function fixedValue(key: string, value: string): boolean {
  const k = key.toLowerCase();
  if (value.includes('${')) return false;
  // "aws:userid, outside the pattern AROLEID:*": one role's sessions are fixed.
  if (k === 'aws:userid' && /^[A-Z0-9]+:\*$/.test(value)) return true;
  // "s3:DataAccessPointArn ... can contain a wildcard for the access point name ... as long as the account ID is fixed".
  if (k === 's3:dataaccesspointarn') return /^\d{12}$/.test(value.split(':')[4] ?? '') && !/[*?]/.test(value.split(':').slice(0, 5).join(':'));
  if (/[*?]/.test(value)) return false;
  if (k === 'aws:sourceip') {
    // "... a CIDR broader than /8 (IPv4) or /32 (IPv6) is public".
    const bits = Number(value.split('/')[1] ?? (value.includes(':') ? 128 : 32));
    return bits >= (value.includes(':') ? 32 : 8);
  }
  return true;
}

const POSITIVE = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

function principalFixed(statement: OracleStatement): boolean {
  const { element, negated } = statement.principal;
  if (negated || element === '*' || typeof element !== 'object' || element === null) return false;
  return Object.entries(element as Record<string, unknown>).every(([type, values]) =>
    (Array.isArray(values) ? values : [values]).every((v) => v !== '*' && !(type === 'Federated' && PUBLIC_WEB_PROVIDERS.includes(String(v).toLowerCase()))),
  );
}

function statementPublicByDoc(statement: OracleStatement): boolean {
  if (statement.effect !== 'Allow' || principalFixed(statement)) return false;
  const fixing = statement.conditions.some(
    (c) => POSITIVE.test(c.operator) && FIXING_KEYS.has(c.key.toLowerCase()) && c.values.length > 0 && c.values.every((v) => fixedValue(c.key, v)),
  );
  return !fixing;
}

export const publicByDoc = (statements: readonly OracleStatement[]): boolean => statements.some(statementPublicByDoc);

function aclAllows(bucket: OracleBucket, request: OracleRequest): string | undefined {
  if (!bucket.acl || bucket.ownership === 'BucketOwnerEnforced') return undefined;
  const objectLevel = request.resource.startsWith(`arn:aws:s3:::${bucket.bucket}/`);
  if (!objectLevel && request.resource !== `arn:aws:s3:::${bucket.bucket}`) return undefined;
  const p = request.principal;
  for (const { grantee, permission } of bucket.acl.grants) {
    const group = grantee.type === 'Group' ? grantee.uri : undefined;
    if ((group === ALL_USERS || group === AUTHENTICATED_USERS) && flag(bucket, 'ignorePublicAcls')) continue;
    const reaches =
      group === ALL_USERS ||
      (group === AUTHENTICATED_USERS && (p.type === 'aws' || p.type === 'federated')) ||
      (grantee.type === 'CanonicalUser' && p.type === 'aws' && p.canonicalId === grantee.id);
    if (!reaches) continue;
    const actions = ACL_ACTIONS[permission]![objectLevel ? 'object' : 'bucket'];
    if (actions.some((a) => a.toLowerCase() === request.action.toLowerCase())) return `acl ${group?.split('/').pop() ?? grantee.type} ${permission}`;
  }
  return undefined;
}

const label = (s: OracleStatement) => (s.sid ? `Sid "${s.sid}"` : `Statement[${s.index}]`);

export function authorizeS3(bucket: OracleBucket, request: OracleRequest): OracleVerdict {
  const statements = bucket.policy ? parseOraclePolicy(bucket.policy) : [];
  const policy = evaluateOraclePolicy(statements, request);
  if (policy.decision === 'deny') return { allowed: false, by: `policy deny ${policy.statements.map(label).join(', ')}` };
  if (policy.decision === 'allow') {
    const p = request.principal;
    const insider = p.type === 'service' || (p.type === 'aws' && p.account === bucket.owner);
    const restricted = flag(bucket, 'restrictPublicBuckets') && publicByDoc(statements) && !insider;
    if (!restricted) return { allowed: true, by: `policy allow ${policy.statements.map(label).join(', ')}` };
  }
  const acl = aclAllows(bucket, request);
  return acl ? { allowed: true, by: acl } : { allowed: false, by: 'implicit deny' };
}
