import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-not-publicly-listable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket contents cannot be listed by anyone on the internet',
    severity: 'high',
    description: 'Checks every access layer for a grant that lets anonymous or any authenticated AWS principal list the keys in the bucket (s3:ListBucket through the policy, or READ through the bucket ACL).',
    risk: 'A public listing hands out every object name: a map of what is stored, which often names customers, devices or dates, and which makes any readable object trivial to find.',
    ...PUBLIC_CAPABILITY_META,
    messages: { public: 'Bucket {{name}} lets anyone list its contents: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'list'),
});
