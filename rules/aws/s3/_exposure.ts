/**
 * Shared by the S3 exposure rules: the effective-access evaluation runs once per bucket, however
 * many rules ask, and each rule only picks the capability it is about.
 */
import {
  describeGrant,
  evaluateS3Access,
  isPublicAudience,
  type Capability,
  type ExposureGrant,
  type S3Exposure,
} from '../../../src/analysis/s3-access.ts';
import type { Outcome, Ready, RuleTools } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';

export const EXPOSURE_FACETS = ['acl', 'policy', 'publicAccessBlock', 'accountPublicAccessBlock', 'ownershipControls'] as const;
export const EXPOSURE_OPTIONAL_FACETS = ['policyStatus'] as const;

/** What the public-capability rules share: the facets they read, the fix and the references. */
export const PUBLIC_CAPABILITY_META = {
  remediation: {
    text: 'Remove the public grant from the bucket policy and ACL, then turn on all four Block Public Access settings for the bucket (and the account) so no later change can reopen it.',
    cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
  ],
  requires: EXPOSURE_FACETS,
  optional: EXPOSURE_OPTIONAL_FACETS,
} as const;

type ExposureReady = Ready<S3Bucket, typeof EXPOSURE_FACETS>;

const cache = new WeakMap<object, S3Exposure>();

export function exposureOf(bucket: ExposureReady): S3Exposure {
  const cached = cache.get(bucket.raw);
  if (cached) return cached;
  const status = bucket.raw.policyStatus;
  const exposure = evaluateS3Access({
    bucket: bucket.ref.name,
    ownerAccount: bucket.ref.account,
    acl: bucket.facets.acl,
    policy: bucket.facets.policy,
    bucketPublicAccessBlock: bucket.facets.publicAccessBlock,
    accountPublicAccessBlock: bucket.facets.accountPublicAccessBlock,
    ownership: bucket.facets.ownershipControls,
    policyStatusIsPublic: status?.state === 'ok' ? status.value.isPublic : undefined,
  });
  cache.set(bucket.raw, exposure);
  return exposure;
}

/** The request to show for a verdict: the first grant's own when it has one, else any grant's. */
export const witnessOf = (grants: ExposureGrant[]): ExposureGrant['witness'] => grants.find((g) => g.witness)?.witness;

export const summariseGrants = (grants: ExposureGrant[]): string =>
  grants.length === 1 ? describeGrant(grants[0]!) : `${describeGrant(grants[0]!)} (and ${grants.length - 1} more grant(s))`;

/**
 * The verdict of a rule about one capability: fail when a grant reaching the public is in force,
 * unknown when the policy could not be evaluated or AWS's PolicyStatus contradicts a clean result.
 */
export function publicCapabilityOutcome(
  bucket: ExposureReady,
  tools: RuleTools,
  capability: Capability,
  audiences: (grant: ExposureGrant) => boolean = (g) => isPublicAudience(g.audience),
): Outcome {
  const exposure = exposureOf(bucket);
  const grants = exposure.grants.filter((g) => g.capability === capability && audiences(g));
  if (grants.length > 0) return tools.fail('public', { name: bucket.ref.name, reason: summariseGrants(grants) }, exposure.trace, witnessOf(grants));
  if (exposure.policyError) return tools.unknown(`Bucket policy of ${bucket.ref.name} could not be evaluated: ${exposure.policyError}.`, exposure.trace);
  if (exposure.policyStatusConflict) return tools.unknown(`${bucket.ref.name}: ${exposure.policyStatusConflict}.`, exposure.trace);
  const neutralised = exposure.neutralised.filter((n) => n.grant.capability === capability && audiences(n.grant));
  const why = neutralised.length > 0 ? ` (${neutralised.map((n) => `${n.by} switches off ${n.grant.layer} ${n.grant.ref}`).join('; ')})` : '';
  return tools.pass(`No access layer grants this to the public${why}.`, exposure.trace);
}
