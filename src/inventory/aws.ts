import type { Resource } from './common.ts';

export const ALL_USERS_URI = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS_URI = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export type AclPermission = 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';

export interface AclGrant {
  grantee:
    | { type: 'Group'; uri: string }
    | { type: 'CanonicalUser'; id: string; displayName?: string }
    | { type: 'AmazonCustomerByEmail'; email: string };
  permission: AclPermission;
}

export interface S3Acl {
  ownerId?: string;
  grants: AclGrant[];
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface S3BucketFacets {
  acl: S3Acl;
  /** The bucket policy document as returned (JSON text), or null when the bucket has none. */
  policy: string | null;
  /** AWS's own verdict on the policy; only collected when a policy exists. */
  policyStatus: { isPublic: boolean };
  /** null when no bucket-level configuration exists (every flag off). */
  publicAccessBlock: PublicAccessBlock | null;
  /** The account-level configuration, copied onto each bucket so a bucket is evaluable alone. */
  accountPublicAccessBlock: PublicAccessBlock | null;
  /** null when no ownership controls are configured (ACLs enabled, ObjectWriter behaviour). */
  ownershipControls: ObjectOwnership | null;
  website: { enabled: boolean; indexDocument?: string; redirectAllRequestsTo?: string };
}

export interface AwsAccountFacets {
  publicAccessBlock: PublicAccessBlock | null;
}

export type S3Bucket = Resource<'aws.s3.bucket', S3BucketFacets>;
export type AwsAccount = Resource<'aws.account', AwsAccountFacets>;
