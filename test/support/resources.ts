/** Resource factories for rule tests: a private, well-configured bucket unless told otherwise. */
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import type { Rule, RuleContext } from '../../src/engine/define-rule.ts';
import { evaluateRule } from '../../src/engine/evaluate.ts';
import type { Finding } from '../../src/engine/finding.ts';
import {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  type AclGrant,
  type AwsAccount,
  type PublicAccessBlock,
  type S3Bucket,
  type S3BucketFacets,
} from '../../src/inventory/aws.ts';
import { readable, unreadable, type Facet } from '../../src/inventory/common.ts';

export const OWNER_ACCOUNT = '123456789012';
export const OWNER_CANONICAL_ID = 'owner-canonical-id';

export const ALL_ON: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
export const ALL_OFF: PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

export const allUsers = (permission: AclGrant['permission']): AclGrant => ({ grantee: { type: 'Group', uri: ALL_USERS_URI }, permission });
export const authenticatedUsers = (permission: AclGrant['permission']): AclGrant => ({ grantee: { type: 'Group', uri: AUTHENTICATED_USERS_URI }, permission });

export const policyText = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const publicReadStatement = (bucket: string, extra: object = {}) => ({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${bucket}/*`,
  ...extra,
});

type FacetOverrides = { [K in keyof S3BucketFacets]?: S3BucketFacets[K] };

export interface BucketSpec extends FacetOverrides {
  name?: string;
  /** Facets whose read failed, with the error code. */
  unreadable?: Partial<Record<keyof S3BucketFacets, string>>;
  /** Facets not collected at all. */
  omit?: (keyof S3BucketFacets)[];
}

const OPERATIONS: Record<keyof S3BucketFacets, string> = {
  acl: 'GetBucketAcl',
  policy: 'GetBucketPolicy',
  policyStatus: 'GetBucketPolicyStatus',
  publicAccessBlock: 'GetPublicAccessBlock',
  accountPublicAccessBlock: 'GetAccountPublicAccessBlock',
  ownershipControls: 'GetBucketOwnershipControls',
  website: 'GetBucketWebsite',
};

export function s3Bucket(spec: BucketSpec = {}): S3Bucket {
  const name = spec.name ?? 'example-bucket';
  const values: S3BucketFacets = {
    acl: spec.acl ?? { ownerId: OWNER_CANONICAL_ID, grants: [{ grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL_ID }, permission: 'FULL_CONTROL' }] },
    policy: spec.policy === undefined ? null : spec.policy,
    policyStatus: spec.policyStatus ?? { isPublic: false },
    publicAccessBlock: spec.publicAccessBlock === undefined ? null : spec.publicAccessBlock,
    accountPublicAccessBlock: spec.accountPublicAccessBlock === undefined ? null : spec.accountPublicAccessBlock,
    ownershipControls: spec.ownershipControls === undefined ? 'BucketOwnerEnforced' : spec.ownershipControls,
    website: spec.website ?? { enabled: false },
  };
  const facets: S3Bucket['facets'] = {};
  for (const key of Object.keys(values) as (keyof S3BucketFacets)[]) {
    if (spec.omit?.includes(key)) continue;
    const code = spec.unreadable?.[key];
    (facets as Record<string, Facet<unknown>>)[key] = code ? unreadable(OPERATIONS[key], code, `${code} (test)`) : readable(values[key]);
  }
  return {
    ref: { provider: 'aws', account: OWNER_ACCOUNT, region: 'eu-west-1', type: 'aws.s3.bucket', id: `arn:aws:s3:::${name}`, name },
    facets,
  };
}

export function awsAccount(publicAccessBlock: PublicAccessBlock | null, unreadableCode?: string): AwsAccount {
  return {
    ref: { provider: 'aws', account: OWNER_ACCOUNT, region: 'global', type: 'aws.account', id: `arn:aws:iam::${OWNER_ACCOUNT}:root`, name: OWNER_ACCOUNT },
    facets: {
      publicAccessBlock: unreadableCode
        ? unreadable('GetAccountPublicAccessBlock', unreadableCode, `${unreadableCode} (test)`)
        : readable(publicAccessBlock),
    },
  };
}

export function check(rule: { meta: Rule['meta'] }, resource: S3Bucket | AwsAccount, ctx: Partial<RuleContext> = {}): Finding {
  return evaluateRule(rule as Rule, resource as never, { trustedAccounts: new Set(), network: DEFAULT_NETWORK_SETTINGS, ...ctx });
}
