import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { missingBlockPublicAccessFlags } from './_block-public-access.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-public-access-block-enabled',
    resourceType: 'aws.s3.bucket',
    title: 'S3 Block Public Access is fully in force for the bucket',
    severity: 'medium',
    description:
      'Checks that each of the four Block Public Access settings is on for the bucket, either in the bucket configuration or inherited from the account (S3 applies the most restrictive combination).',
    risk: 'A bucket without the guard is one policy or ACL edit away from being public.',
    remediation: {
      text: 'Turn on all four settings on the bucket, or at account level to cover every bucket.',
      cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html'],
    requires: ['publicAccessBlock', 'accountPublicAccessBlock'],
    messages: { missing: 'Bucket {{name}} has Block Public Access settings off (neither bucket nor account sets them): {{flags}}.' },
  },
  evaluate: (bucket, { pass, fail }) => {
    const missing = missingBlockPublicAccessFlags(bucket.facets.publicAccessBlock, bucket.facets.accountPublicAccessBlock);
    const trace = [{ layer: 'Block Public Access', ref: 'bucket + account', effect: 'note' as const, detail: missing.length ? `off: ${missing.join(', ')}` : 'all four settings in force' }];
    return missing.length === 0
      ? pass('All four Block Public Access settings are in force for the bucket.', trace)
      : fail('missing', { name: bucket.ref.name, flags: missing.join(', ') }, trace);
  },
});
