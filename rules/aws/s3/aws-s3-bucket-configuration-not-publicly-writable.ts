import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-configuration-not-publicly-writable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket configuration cannot be changed by anyone on the internet',
    severity: 'critical',
    description:
      'Checks the bucket policy for a grant that lets anonymous or any authenticated AWS principal change any part of the bucket configuration: every configuration-changing s3: action of the Service Authorization Reference (s3:PutLifecycleConfiguration, s3:PutReplicationConfiguration, s3:PutBucketVersioning, s3:PutEncryptionConfiguration ...).',
    risk: 'Anyone can, for example, put a lifecycle rule that expires every object, replicate the data to a bucket of their own, or switch off versioning before deleting.',
    ...PUBLIC_CAPABILITY_META,
    references: [...PUBLIC_CAPABILITY_META.references, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html'],
    messages: { public: 'Anyone can change the configuration of bucket {{name}}: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'writeConfig'),
});
