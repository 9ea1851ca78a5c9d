import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';
import { PUBLIC_BUCKET_META, publicBucketOutcome } from './_exposure.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-not-publicly-writable',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket cannot be written by anyone on the internet',
    severity: 'critical',
    description: 'Checks every access layer for a grant letting allUsers or allAuthenticatedUsers create, overwrite or delete objects (storage.objects.create, delete or update through IAM, or a WRITER/OWNER bucket ACL entry while uniform bucket-level access is off).',
    risk: 'Anyone can replace served files with malware, plant illegal content billed to you, or delete data.',
    ...PUBLIC_BUCKET_META,
    messages: { public: 'Bucket {{name}} can be written by the public: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicBucketOutcome(bucket, tools, 'write'),
});
