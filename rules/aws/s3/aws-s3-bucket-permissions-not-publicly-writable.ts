import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-permissions-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket permissions cannot be changed by anyone on the internet',
    severity: 'critical',
    description: 'Checks for a grant that lets anonymous or any authenticated AWS principal change the bucket ACL or policy (WRITE_ACP, FULL_CONTROL, s3:PutBucketAcl, s3:PutBucketPolicy).',
    risk: 'Whoever can change the permissions can grant themselves every other access: this is full control of the bucket.',
    remediation: {
      text: 'Remove the public grant from the bucket policy and ACL, then turn on all four Block Public Access settings for the bucket (and the account) so no later change can reopen it.',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Anyone can change the permissions of bucket {{name}}: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'writeAcl'),
});
