import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-objects-not-publicly-readable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket objects are not readable by anyone on the internet',
    severity: 'critical',
    description: 'Checks every access layer (Block Public Access at account and bucket level, Object Ownership, the bucket ACL and the bucket policy with its conditions and Deny statements) for a grant that lets anonymous or any authenticated AWS principal read objects.',
    risk: 'Anyone who learns or guesses an object key can download it: customer data, backups and logs leak without any credential.',
    ...PUBLIC_CAPABILITY_META,
    messages: { public: 'Bucket {{name}} lets anyone read its objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'readObjects'),
});
