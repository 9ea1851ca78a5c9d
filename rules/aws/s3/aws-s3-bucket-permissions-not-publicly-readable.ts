import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-permissions-not-publicly-readable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket permissions cannot be read by anyone on the internet',
    severity: 'medium',
    description: 'Checks for a grant that lets anonymous or any authenticated AWS principal read the bucket ACL or policy (READ_ACP, s3:GetBucketAcl, s3:GetBucketPolicy).',
    risk: 'Readable permissions tell an attacker exactly which principals and conditions to target.',
    ...PUBLIC_CAPABILITY_META,
    messages: { public: 'Anyone can read the permissions of bucket {{name}}: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'readAcl'),
});
