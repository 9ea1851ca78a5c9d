import { defineRule } from '../../../src/engine/define-rule.ts';
import type { AwsAccount } from '../../../src/inventory/aws.ts';
import { missingBlockPublicAccessFlags } from './_block-public-access.ts';

export default defineRule<AwsAccount>()({
  meta: {
    id: 'aws-s3-account-public-access-block-enabled',
    resourceType: 'aws.account',
    title: 'S3 Block Public Access is fully enabled for the account',
    severity: 'high',
    description:
      'Checks that all four account-level Block Public Access settings are on: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets. The account-level settings override every bucket in the account.',
    risk: 'Without the account-wide guard, one bucket policy or ACL change anywhere in the account is enough to publish data.',
    remediation: {
      text: 'Turn on all four settings at account level; give buckets that must be public (static sites) their own account, or serve them through CloudFront with origin access control.',
      cli: 'aws s3control put-public-access-block --account-id <account> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html'],
    requires: ['publicAccessBlock'],
    messages: { missing: 'Account {{name}} has Block Public Access settings off: {{flags}}.' },
  },
  evaluate: (account, { pass, fail }) => {
    const missing = missingBlockPublicAccessFlags(account.facets.publicAccessBlock);
    const trace = [{ layer: 'Block Public Access', ref: 'account', effect: 'note' as const, detail: missing.length ? `off: ${missing.join(', ')}` : 'all four settings on' }];
    return missing.length === 0
      ? pass('All four account-level Block Public Access settings are on.', trace)
      : fail('missing', { name: account.ref.name, flags: missing.join(', ') }, trace);
  },
});
