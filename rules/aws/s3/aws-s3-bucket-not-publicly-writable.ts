import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket objects cannot be written or deleted by anyone on the internet',
    severity: 'critical',
    description: 'Checks every access layer for a grant that lets anonymous or any authenticated AWS principal put or delete objects (s3:PutObject / s3:DeleteObject through the policy, or WRITE through the bucket ACL).',
    risk: 'Anyone can overwrite or delete data, plant malware in files other systems trust, or run up storage costs.',
    remediation: {
      text: 'Remove the public grant from the bucket policy and ACL, then turn on all four Block Public Access settings for the bucket (and the account) so no later change can reopen it.',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Bucket {{name}} lets anyone write or delete objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'write'),
});
