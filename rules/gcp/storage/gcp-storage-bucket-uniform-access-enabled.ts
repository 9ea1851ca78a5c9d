import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-uniform-access-enabled',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket has uniform bucket-level access enabled',
    severity: 'medium',
    description: 'Checks that uniform bucket-level access is on. While it is off, every object can carry its own ACL, and ajar (like any scanner that does not read each object) cannot see object-level public grants.',
    risk: 'An object uploaded with a public-read ACL is public even when the bucket IAM policy looks private.',
    remediation: {
      text: 'Move any access that relies on ACLs into the bucket IAM policy, then enable uniform bucket-level access.',
      cli: 'gcloud storage buckets update gs://<bucket> --uniform-bucket-level-access',
    },
    references: ['https://cloud.google.com/storage/docs/uniform-bucket-level-access'],
    requires: ['iamConfiguration'],
    messages: { off: 'Bucket {{name}} still honours object and bucket ACLs (uniform bucket-level access is off).' },
  },
  evaluate: (bucket, { pass, fail }) => {
    const on = bucket.facets.iamConfiguration.uniformBucketLevelAccess;
    const trace = [{ layer: 'uniform bucket-level access', effect: 'note' as const, detail: on ? 'enabled' : 'disabled' }];
    return on ? pass('Uniform bucket-level access is enabled: only IAM decides access.', trace) : fail('off', { name: bucket.ref.name }, trace);
  },
});
