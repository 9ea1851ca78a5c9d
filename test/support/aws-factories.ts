/**
 * Small builders for AWS test inputs: bucket policies as JSON text, ACLs, Block Public Access
 * configurations and S3 access inputs. Every builder returns plain data, so a test reads as the
 * configuration it describes.
 */
import type { ExposureGrant, S3AccessInput } from '../../src/analysis/s3-access.ts';
import {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  type AclGrant,
  type AclPermission,
  type PublicAccessBlock,
  type S3Acl,
} from '../../src/inventory/aws.ts';

export const BUCKET = 'example-bucket';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const OBJECTS_ARN = `${BUCKET_ARN}/*`;

/** The account that owns the bucket. */
export const OWNER = '111111111111';
/** Other accounts, as in AWS's own examples. */
export const OTHER = '111122223333';
export const THIRD = '444455556666';

export const OWNER_CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const OTHER_CANONICAL = 'a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556677889900aabbccddeeff';
export const LOG_DELIVERY_URI = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export type Statement = Record<string, unknown>;

/** An Allow statement reading every object, to anyone; override any field. */
export const allow = (fields: Statement = {}): Statement => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
  ...fields,
});

/** A Deny statement on every S3 action on the bucket and its objects, to anyone; override any field. */
export const deny = (fields: Statement = {}): Statement => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [BUCKET_ARN, OBJECTS_ARN],
  ...fields,
});

/** A bucket policy document as S3 returns it: JSON text. */
export const policy = (...statements: Statement[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const allUsers = (permission: AclPermission): AclGrant => ({ grantee: { type: 'Group', uri: ALL_USERS_URI }, permission });
export const authenticatedUsers = (permission: AclPermission): AclGrant => ({
  grantee: { type: 'Group', uri: AUTHENTICATED_USERS_URI },
  permission,
});
export const logDelivery = (permission: AclPermission): AclGrant => ({ grantee: { type: 'Group', uri: LOG_DELIVERY_URI }, permission });
export const canonicalUser = (id: string, permission: AclPermission): AclGrant => ({ grantee: { type: 'CanonicalUser', id }, permission });
export const byEmail = (email: string, permission: AclPermission): AclGrant => ({ grantee: { type: 'AmazonCustomerByEmail', email }, permission });

/** A bucket ACL: the owner's default FULL_CONTROL grant plus the given grants. */
export const acl = (...grants: AclGrant[]): S3Acl => ({
  ownerId: OWNER_CANONICAL,
  grants: [canonicalUser(OWNER_CANONICAL, 'FULL_CONTROL'), ...grants],
});

/** A Block Public Access configuration with only the given flags on. */
export const pab = (flags: Partial<PublicAccessBlock> = {}): PublicAccessBlock => ({
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
  ...flags,
});

/** A bucket with nothing configured: owner-only ACL, no policy, no BPA, ACLs enabled. */
export const s3Input = (overrides: Partial<S3AccessInput> = {}): S3AccessInput => ({
  bucket: BUCKET,
  ownerAccount: OWNER,
  acl: acl(),
  policy: null,
  bucketPublicAccessBlock: null,
  accountPublicAccessBlock: null,
  ownership: null,
  ...overrides,
});

/** A compact, order-independent view of grants: "capability audience[:account] layer ref[ (scope)]". */
export const grantKeys = (grants: readonly ExposureGrant[]): string[] =>
  grants
    .map((g) => `${g.capability} ${g.audience}${g.account ? `:${g.account}` : ''} ${g.layer} ${g.ref}${g.scope ? ` (${g.scope})` : ''}`)
    .sort();
