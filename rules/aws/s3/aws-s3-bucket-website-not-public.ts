import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, publicCapabilityOutcome } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-website-not-public',
    resourceType: 'aws.s3.bucket',
    title: 'S3 static website hosting does not serve a publicly readable bucket',
    severity: 'medium',
    description:
      'Fails when static website hosting is enabled on a bucket whose objects anyone can read: every object, not only the site files, is then served over a plain HTTP website endpoint.',
    risk: 'Files placed in a website bucket by mistake are published at a predictable URL with no authentication and no TLS.',
    remediation: {
      text: 'Serve the site through CloudFront with origin access control and a private bucket, or keep only site assets in the bucket and restrict the public grant to their prefix.',
      cli: 'aws s3api delete-bucket-website --bucket <bucket>',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html'],
    requires: [...EXPOSURE_FACETS, 'website'],
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { public: 'Bucket {{name}} serves a static website and anyone can read its objects: {{reason}}.' },
  },
  evaluate: (bucket, tools) => {
    if (!bucket.facets.website.enabled) return tools.pass('Static website hosting is off.');
    const outcome = publicCapabilityOutcome(bucket, tools, 'readObjects');
    return outcome.status === 'pass' ? tools.pass(`Website hosting is on, but ${outcome.message[0]!.toLowerCase()}${outcome.message.slice(1)}`, outcome.trace) : outcome;
  },
});
