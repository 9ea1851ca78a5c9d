/**
 * Shared by the Cloud Storage exposure rules: the evaluation runs once per bucket however many
 * rules ask, and each rule picks the capability and audience it is about. Only the bucket's
 * iamConfiguration is required; the other layers are optional so that public access prevention
 * can clear a bucket whose IAM policy or ACLs were unreadable, and a public grant found in one
 * layer fails the bucket even when another layer could not be read.
 */
import {
  describeGcsGrant,
  evaluateGcsAccess,
  verdictFor,
  type GcsCapability,
  type GcsExposure,
  type Input,
  type PublicMember,
} from '../../../src/analysis/gcs-access.ts';
import type { Outcome, Ready, RuleTools } from '../../../src/engine/define-rule.ts';
import type { Facet } from '../../../src/inventory/common.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';

export const EXPOSURE_REQUIRED = ['iamConfiguration'] as const;
export const EXPOSURE_OPTIONAL = ['iamPolicy', 'customRoles', 'acl', 'defaultObjectAcl', 'orgPublicAccessPrevention'] as const;

export const PUBLIC_BUCKET_META = {
  remediation: {
    text: 'Remove allUsers and allAuthenticatedUsers from the bucket IAM policy (and from the bucket and default object ACLs), then enforce public access prevention on the bucket, or for the whole organization with the storage.publicAccessPrevention constraint, so no later change can reopen it.',
    cli: 'gcloud storage buckets update gs://<bucket> --public-access-prevention',
  },
  references: [
    'https://cloud.google.com/storage/docs/public-access-prevention',
    'https://cloud.google.com/storage/docs/access-control/iam-roles',
    'https://cloud.google.com/storage/docs/access-control/lists',
  ],
  requires: EXPOSURE_REQUIRED,
  optional: EXPOSURE_OPTIONAL,
} as const;

type ExposureReady = Ready<GcsBucket, typeof EXPOSURE_REQUIRED>;

const toInput = <T>(facet: Facet<T> | undefined): Input<T> =>
  facet === undefined ? undefined : facet.state === 'ok' ? { value: facet.value } : { unreadable: `${facet.operation} failed with ${facet.code}` };

const cache = new WeakMap<object, GcsExposure>();

export function gcsExposureOf(bucket: ExposureReady): GcsExposure {
  const cached = cache.get(bucket.raw);
  if (cached) return cached;
  const raw = bucket.raw;
  const exposure = evaluateGcsAccess({
    bucket: bucket.ref.name,
    iamConfiguration: bucket.facets.iamConfiguration,
    iamPolicy: toInput(raw.iamPolicy),
    roles: toInput(raw.customRoles),
    acl: toInput(raw.acl),
    defaultObjectAcl: toInput(raw.defaultObjectAcl),
    orgPublicAccessPrevention: toInput(raw.orgPublicAccessPrevention),
  });
  cache.set(bucket.raw, exposure);
  return exposure;
}

export function publicBucketOutcome(bucket: ExposureReady, tools: RuleTools, capability: GcsCapability | undefined, members?: readonly PublicMember[]): Outcome {
  const exposure = gcsExposureOf(bucket);
  const verdict = verdictFor(exposure, capability, members);
  if (verdict.status === 'fail') {
    const reason = verdict.grants.length === 1 ? describeGcsGrant(verdict.grants[0]!) : `${describeGcsGrant(verdict.grants[0]!)} (and ${verdict.grants.length - 1} more grant(s))`;
    return tools.fail('public', { name: bucket.ref.name, reason }, exposure.trace);
  }
  if (verdict.status === 'unknown') return tools.unknown(`Cannot decide for bucket ${bucket.ref.name}: ${verdict.reasons.join('; ')}.`, exposure.trace);
  const why = verdict.neutralised.length > 0 ? ` (${[...new Set(verdict.neutralised.map((n) => `${n.by} switches off ${n.grant.ref}`))].join('; ')})` : '';
  return tools.pass(`No access layer grants this to allUsers or allAuthenticatedUsers${why}.`, exposure.trace);
}
