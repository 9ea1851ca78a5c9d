import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-objects-not-publicly-readable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket objects are not readable by anyone on the internet',
    severity: 'critical',
    description: 'Checks every access layer (Block Public Access at account and bucket level, Object Ownership, the bucket ACL and the bucket policy with its conditions and Deny statements) for a grant that lets anonymous or any authenticated AWS principal read objects.',
    risk: 'Anyone who learns or guesses an object key can download it: customer data, backups and logs leak without any credential.',
    remediation: {
      text: 'Remove the public grant from the bucket policy and ACL, then turn on all four Block Public Access settings for the bucket (and the account) so no later change can reopen it.',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Bucket {{name}} lets anyone read its objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'readObjects'),
});
