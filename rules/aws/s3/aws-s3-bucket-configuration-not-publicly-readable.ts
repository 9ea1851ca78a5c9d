import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { PUBLIC_CAPABILITY_META, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-configuration-not-publicly-readable',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket configuration cannot be read by anyone on the internet',
    severity: 'medium',
    description:
      'Checks the bucket policy for a grant that lets anonymous or any authenticated AWS principal read any part of the bucket configuration: every s3:Get* configuration action of the Service Authorization Reference (lifecycle, replication, encryption, logging, website, CORS, inventory, notification, tagging ...).',
    risk: 'The configuration maps where data is replicated, logged and encrypted, which keys protect it and which services are notified: a reconnaissance map for an attacker.',
    ...PUBLIC_CAPABILITY_META,
    references: [...PUBLIC_CAPABILITY_META.references, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html'],
    messages: { public: 'Anyone can read the configuration of bucket {{name}}: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicCapabilityOutcome(bucket, tools, 'readConfig'),
});
