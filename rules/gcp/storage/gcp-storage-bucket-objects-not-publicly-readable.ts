import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';
import { PUBLIC_BUCKET_META, publicBucketOutcome } from './_exposure.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-objects-not-publicly-readable',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket objects are not readable by anyone on the internet',
    severity: 'critical',
    description: 'Checks public access prevention (bucket setting and organization policy), the bucket IAM policy (predefined and custom roles, IAM Conditions) and, without uniform bucket-level access, the bucket and default object ACLs for a grant letting allUsers or allAuthenticatedUsers read objects (storage.objects.get).',
    risk: 'Anyone who learns or guesses an object name can download it with no credential: exports, backups and documents leak.',
    ...PUBLIC_BUCKET_META,
    messages: { public: 'Bucket {{name}} lets the public read its objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicBucketOutcome(bucket, tools, 'readObjects'),
});
