import { CAPABILITY_WORDS } from '../../../src/analysis/s3-access.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/aws.ts';
import { EXPOSURE_FACETS, EXPOSURE_OPTIONAL_FACETS, exposureOf } from './_exposure.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: 'aws-s3-bucket-no-untrusted-account-access',
    resourceType: 'aws.s3.bucket',
    title: 'S3 bucket grants access only to its own account and trusted accounts',
    severity: 'medium',
    description:
      'Lists every AWS account (or ACL grantee) outside the bucket owner that the bucket policy or ACL lets in, whether named as a principal or through conditions such as aws:PrincipalAccount or aws:SourceAccount, and fails for those not in the configured trusted accounts (`trustedAccounts` in the config file, or --trusted-account).',
    risk: 'A vendor or former partner account keeps access to data nobody remembers sharing; a compromise of that account is a compromise of this bucket.',
    remediation: {
      text: 'Remove statements and ACL grants for accounts that no longer need access, or add the account to trustedAccounts once its access has been reviewed.',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html'],
    requires: EXPOSURE_FACETS,
    optional: EXPOSURE_OPTIONAL_FACETS,
    messages: { external: 'Bucket {{name}} grants access to untrusted account(s) {{accounts}}: {{detail}}.' },
  },
  evaluate: (bucket, tools) => {
    const exposure = exposureOf(bucket);
    if (exposure.policyError) return tools.unknown(`Bucket policy could not be evaluated: ${exposure.policyError}.`, exposure.trace);
    const outside = exposure.grants.filter(
      (g) => g.audience === 'account' && g.account !== undefined && !tools.ctx.trustedAccounts.has(g.account.replace(/^canonical:/, '')),
    );
    if (outside.length === 0) return tools.pass('Only the owner account and trusted accounts are granted access.', exposure.trace);
    const byAccount = new Map<string, Set<string>>();
    for (const grant of outside) {
      const words = byAccount.get(grant.account!) ?? new Set<string>();
      words.add(`${CAPABILITY_WORDS[grant.capability]} via ${grant.layer === 'acl' ? 'ACL' : 'policy'} ${grant.ref}`);
      byAccount.set(grant.account!, words);
    }
    const accounts = [...byAccount.keys()].join(', ');
    const detail = [...byAccount.entries()].map(([account, words]) => `${account} can ${[...words].join(', ')}`).join('; ');
    return tools.fail('external', { name: bucket.ref.name, accounts, detail }, exposure.trace);
  },
});
