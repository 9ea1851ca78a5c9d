import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';
import { PUBLIC_BUCKET_META, publicBucketOutcome } from './_exposure.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-not-open-to-all-authenticated-users',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket grants nothing to allAuthenticatedUsers',
    severity: 'high',
    description: 'Checks the bucket IAM policy and ACLs for any grant in force to allAuthenticatedUsers, which means every signed-in Google account in the world, not the users of your organization.',
    risk: 'allAuthenticatedUsers is often mistaken for "our staff"; any of the billions of Google accounts, created in a minute, gets the access.',
    ...PUBLIC_BUCKET_META,
    messages: { public: 'Bucket {{name}} is open to every Google account: {{reason}}.' },
  },
  evaluate: (bucket, tools) => publicBucketOutcome(bucket, tools, undefined, ['allAuthenticatedUsers']),
});
