import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-permissions-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket permissions cannot be changed by anyone on the internet',
    severity: 'critical',
    description: 'Checks for a grant that lets anonymous or any authenticated AWS principal change who has access: the bucket ACL or policy, Block Public Access or Object Ownership (WRITE_ACP, FULL_CONTROL, and every Permissions management s3: action of the Service Authorization Reference: s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutBucketPublicAccessBlock, s3:PutBucketOwnershipControls, s3:PutObjectAcl ...).',
    risk: 'Whoever can change the permissions can grant themselves every other access: this is full control of the bucket.',
    ...PUBLIC_CAPABILITY_META,
    messages: { public: 'Anyone can change the permissions of bucket {{name}}: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'writeAcl'),
});
