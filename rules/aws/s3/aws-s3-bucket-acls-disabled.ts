import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-acls-disabled',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket has ACLs disabled (Object Ownership is BucketOwnerEnforced)',
    severity: 'low',
    description:
      'Checks that Object Ownership is BucketOwnerEnforced. While ACLs are enabled, every object can carry its own ACL, and ajar (like any scanner that does not read each object) cannot see object-level public grants.',
    risk: 'Objects uploaded with a public-read ACL are public even when the bucket looks private; objects written by other accounts may not belong to the bucket owner.',
    remediation: {
      text: 'Set Object Ownership to BucketOwnerEnforced after moving any access that relies on ACLs into the bucket policy.',
      cli: 'aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html'],
    requires: ['ownershipControls'],
    messages: { enabled: 'Bucket {{name}} still honours ACLs (Object Ownership: {{setting}}).' },
  },
  evaluate: (bucket, { pass, fail }) => {
    const setting = bucket.facets.ownershipControls;
    const trace = [{ layer: 'Object Ownership', ref: setting ?? 'not configured', effect: 'note' as const, detail: setting === 'BucketOwnerEnforced' ? 'ACLs disabled' : 'ACLs enabled' }];
    return setting === 'BucketOwnerEnforced'
      ? pass('ACLs are disabled: Object Ownership is BucketOwnerEnforced.', trace)
      : fail('enabled', { name: bucket.ref.name, setting: setting ?? 'not configured (ObjectWriter)' }, trace);
  },
});
