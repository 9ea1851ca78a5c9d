import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket objects cannot be written or deleted by anyone on the internet',
    severity: 'critical',
    description: 'Checks every access layer for a grant that lets anonymous or any authenticated AWS principal put or delete objects (s3:PutObject / s3:DeleteObject through the policy, or WRITE through the bucket ACL).',
    risk: 'Anyone can overwrite or delete data, plant malware in files other systems trust, or run up storage costs.',
    ...PUBLIC_CAPABILITY_META,
    messages: { public: 'Bucket {{name}} lets anyone write or delete objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'write'),
});
