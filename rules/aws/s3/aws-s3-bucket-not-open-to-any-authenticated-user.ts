import { CAPABILITIES, CAPABILITY_WORDS } from '../../../src/analysis/s3-access.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, exposureOf, summariseGrants, witnessOf } from './_exposure.ts';

/**
 * "Authenticated users" in S3 means every AWS account in the world, not the organisation's users:
 * a grant to it is public. This rule names that mistake separately because it is so often made
 * on purpose by someone who misread the word.
 */
export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-not-open-to-any-authenticated-user',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket grants nothing to "any authenticated AWS user"',
    severity: 'high',
    description:
      'Checks for access granted to the AuthenticatedUsers ACL group, or by a policy that admits any signed AWS request while refusing anonymous ones. Both reach every AWS account in the world.',
    risk: 'Anyone with a free AWS account can use the grant; it is public access behind a sign-up form.',
    remediation: {
      text: 'Replace the AuthenticatedUsers grant or the open policy statement with grants to the specific accounts or roles that need access, and enable IgnorePublicAcls and RestrictPublicBuckets.',
      cli: 'aws s3api put-bucket-acl --bucket <bucket> --acl private',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Bucket {{name}} is open to any authenticated AWS user: {{reason}}.' },
  },
  evaluate: (bucket, tools) => {
    const exposure = exposureOf(bucket);
    const grants = exposure.grants.filter((g) => g.audience === 'authenticated');
    if (grants.length > 0) return tools.fail('public', { name: bucket.ref.name, reason: summariseGrants(grants) }, exposure.trace, witnessOf(grants));
    if (exposure.policyError) return tools.unknown(`Bucket policy could not be evaluated: ${exposure.policyError}.`, exposure.trace);
    const anonymous = CAPABILITIES.filter((c) => exposure.grants.some((g) => g.capability === c && g.audience === 'anonymous'));
    const note = anonymous.length > 0 ? ` (anonymous access to ${anonymous.map((c) => CAPABILITY_WORDS[c]).join(', ')} is reported by the public-access rules)` : '';
    return tools.pass(`No grant is limited to authenticated AWS users${note}.`, exposure.trace);
  },
});
