/**
 * How each S3 bucket facet is read: the one SDK operation behind it, the IAM permission it needs,
 * the answers that mean "not configured" (values, not errors), and how the answer maps to the
 * inventory type. The planner, the collector and `ajar permissions` all read this one table.
 */
import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AclGrant, AclPermission, ObjectOwnership, PublicAccessBlock, S3BucketFacets } from '../../inventory/aws.ts';

export class MissingFieldError extends Error {
  override name = 'MissingField';
}

export interface BucketFacetReader<K extends keyof S3BucketFacets> {
  operation: string;
  permission: string;
  /** Error codes that mean the bucket simply has no such configuration. */
  notConfigured: string[];
  notConfiguredValue?: S3BucketFacets[K];
  read: (client: S3Client, bucket: string) => Promise<S3BucketFacets[K]>;
}

export const toPublicAccessBlock = (config: PublicAccessBlockConfiguration | undefined): PublicAccessBlock | null =>
  config
    ? {
        blockPublicAcls: config.BlockPublicAcls === true,
        ignorePublicAcls: config.IgnorePublicAcls === true,
        blockPublicPolicy: config.BlockPublicPolicy === true,
        restrictPublicBuckets: config.RestrictPublicBuckets === true,
      }
    : null;

const PERMISSIONS = new Set<AclPermission>(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']);

type BucketFacetReaders = { [K in Exclude<keyof S3BucketFacets, 'accountPublicAccessBlock'>]: BucketFacetReader<K> };

export const BUCKET_FACET_READERS: BucketFacetReaders = {
  acl: {
    operation: 'GetBucketAcl',
    permission: 's3:GetBucketAcl',
    notConfigured: [],
    read: async (client, bucket) => {
      const out = await client.send(new GetBucketAclCommand({ Bucket: bucket }));
      if (!out.Grants) throw new MissingFieldError('GetBucketAcl answer has no AccessControlList');
      const grants: AclGrant[] = [];
      for (const grant of out.Grants) {
        const permission = grant.Permission as AclPermission | undefined;
        const grantee = grant.Grantee;
        if (!permission || !PERMISSIONS.has(permission) || !grantee) continue;
        if (grantee.Type === 'Group' && grantee.URI) grants.push({ grantee: { type: 'Group', uri: grantee.URI }, permission });
        else if (grantee.Type === 'CanonicalUser' && grantee.ID) {
          grants.push({ grantee: { type: 'CanonicalUser', id: grantee.ID, displayName: grantee.DisplayName }, permission });
        } else if (grantee.Type === 'AmazonCustomerByEmail' && grantee.EmailAddress) {
          grants.push({ grantee: { type: 'AmazonCustomerByEmail', email: grantee.EmailAddress }, permission });
        }
      }
      return { ownerId: out.Owner?.ID, grants };
    },
  },
  policy: {
    operation: 'GetBucketPolicy',
    permission: 's3:GetBucketPolicy',
    notConfigured: ['NoSuchBucketPolicy'],
    notConfiguredValue: null,
    read: async (client, bucket) => (await client.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null,
  },
  policyStatus: {
    operation: 'GetBucketPolicyStatus',
    permission: 's3:GetBucketPolicyStatus',
    notConfigured: [],
    read: async (client, bucket) => {
      const out = await client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }));
      const isPublic = out.PolicyStatus?.IsPublic;
      // A missing IsPublic is not "false": some endpoints answer without implementing it.
      if (typeof isPublic !== 'boolean') throw new MissingFieldError('GetBucketPolicyStatus answer has no IsPublic');
      return { isPublic };
    },
  },
  publicAccessBlock: {
    operation: 'GetPublicAccessBlock',
    permission: 's3:GetBucketPublicAccessBlock',
    notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
    notConfiguredValue: null,
    read: async (client, bucket) =>
      toPublicAccessBlock((await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration),
  },
  ownershipControls: {
    operation: 'GetBucketOwnershipControls',
    permission: 's3:GetBucketOwnershipControls',
    notConfigured: ['OwnershipControlsNotFoundError'],
    notConfiguredValue: null,
    read: async (client, bucket) => {
      const out = await client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
      return (out.OwnershipControls?.Rules?.[0]?.ObjectOwnership as ObjectOwnership | undefined) ?? null;
    },
  },
  website: {
    operation: 'GetBucketWebsite',
    permission: 's3:GetBucketWebsite',
    notConfigured: ['NoSuchWebsiteConfiguration'],
    notConfiguredValue: { enabled: false },
    read: async (client, bucket) => {
      const out = await client.send(new GetBucketWebsiteCommand({ Bucket: bucket }));
      return {
        enabled: true,
        indexDocument: out.IndexDocument?.Suffix,
        redirectAllRequestsTo: out.RedirectAllRequestsTo?.HostName,
      };
    },
  },
};

export const ACCOUNT_PUBLIC_ACCESS_BLOCK = {
  operation: 'GetAccountPublicAccessBlock',
  permission: 's3:GetAccountPublicAccessBlock',
  notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
};

/** Permissions the collector needs whatever rules are selected. */
export const BASE_PERMISSIONS = ['s3:ListAllMyBuckets', 's3:GetBucketLocation'];
