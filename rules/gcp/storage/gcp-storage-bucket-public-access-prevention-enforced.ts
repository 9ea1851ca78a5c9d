import { defineRule } from '../../../src/engine/define-rule.ts';
import type { GcsBucket } from '../../../src/inventory/gcp.ts';

export default defineRule<GcsBucket>()({
  meta: {
    id: 'gcp-storage-bucket-public-access-prevention-enforced',
    resourceType: 'gcp.storage.bucket',
    title: 'Cloud Storage bucket has public access prevention enforced',
    severity: 'medium',
    description: 'Checks that public access prevention is enforced, on the bucket itself or, for a bucket that inherits it, by the storage.publicAccessPrevention organization policy in effect for its project.',
    risk: 'Without public access prevention, one IAM binding or ACL entry for allUsers makes the bucket public; with it, no such grant takes effect.',
    remediation: {
      text: 'Enforce public access prevention on the bucket, or set the storage.publicAccessPrevention constraint on the project, folder or organization.',
      cli: 'gcloud storage buckets update gs://<bucket> --public-access-prevention',
    },
    references: ['https://cloud.google.com/storage/docs/public-access-prevention', 'https://cloud.google.com/storage/docs/org-policy-constraints#public-access-prevention'],
    requires: ['iamConfiguration'],
    optional: ['orgPublicAccessPrevention'],
    messages: { off: 'Bucket {{name}} does not enforce public access prevention ({{setting}}).' },
  },
  evaluate: (bucket, { pass, fail, unknown }) => {
    const setting = bucket.facets.iamConfiguration.publicAccessPrevention;
    if (setting === 'enforced') return pass('Public access prevention is enforced on the bucket.', [{ layer: 'public access prevention', ref: 'bucket', effect: 'blocks', detail: 'enforced' }]);
    const org = bucket.raw.orgPublicAccessPrevention;
    const trace = [{ layer: 'public access prevention', ref: 'bucket', effect: 'note' as const, detail: `${setting}: decided by the organization policy` }];
    if (org === undefined) return unknown(`Bucket ${bucket.ref.name} inherits public access prevention and the organization policy was not collected.`, trace);
    if (org.state !== 'ok') return unknown(`Bucket ${bucket.ref.name} inherits public access prevention and the organization policy could not be read: ${org.operation} failed with ${org.code}.`, trace);
    if (org.value) return pass('Public access prevention is enforced by the storage.publicAccessPrevention organization policy the bucket inherits.', [...trace, { layer: 'organization policy', ref: 'storage.publicAccessPrevention', effect: 'blocks', detail: 'enforced' }]);
    return fail('off', { name: bucket.ref.name, setting: `bucket: ${setting}; organization policy: not enforced` }, [...trace, { layer: 'organization policy', ref: 'storage.publicAccessPrevention', effect: 'note', detail: 'not enforced' }]);
  },
});
