import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-not-publicly-listable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket contents cannot be listed by anyone on the internet',
    severity: 'high',
    description: 'Checks every access layer for a grant that lets anonymous or any authenticated AWS principal list the keys in the bucket (s3:ListBucket through the policy, or READ through the bucket ACL).',
    risk: 'A public listing hands out every object name: a map of what is stored, which often names customers, devices or dates, and which makes any readable object trivial to find.',
    remediation: {
      text: 'Remove the public grant from the bucket policy and ACL, then turn on all four Block Public Access settings for the bucket (and the account) so no later change can reopen it.',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Bucket {{name}} lets anyone list its contents: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'list'),
});
