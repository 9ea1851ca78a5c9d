import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';
import { PUBLIC_BUCKET_META, publicBucketOutcome } from './_exposure.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-not-publicly-listable',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket contents cannot be listed by anyone on the internet',
    severity: 'high',
    description: 'Checks every access layer for a grant letting allUsers or allAuthenticatedUsers list the bucket (storage.objects.list through IAM, or a READER/WRITER/OWNER bucket ACL entry while uniform bucket-level access is off).',
    risk: 'A listing hands out every object name, which turns a bucket with guessable-by-nobody names into an open index for crawlers.',
    ...PUBLIC_BUCKET_META,
    messages: { public: 'Bucket {{name}} can be listed by the public: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicBucketOutcome(bucket, tools, 'list'),
});
