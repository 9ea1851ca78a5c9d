import { ACCOUNT_PUBLIC_ACCESS_BLOCK, BASE_PERMISSIONS, BUCKET_FACET_READERS } from '../providers/aws/s3-facets.ts';
import { dbPermissions } from '../providers/aws/db-facets.ts';
import type { Rule } from './define-rule.ts';
import { facetsByResourceType } from './plan.ts';

/** The least-privilege IAM policy for the selected rules, from the facets they declare. */
export function awsPermissionsPolicy(rules: readonly Rule[]): object {
  const plan = facetsByResourceType(rules);
  const actions = new Set<string>();
  const bucketFacets = plan.get('aws.s3.bucket');
  if (bucketFacets || plan.has('aws.account')) BASE_PERMISSIONS.forEach((a) => actions.add(a));
  for (const facet of bucketFacets ?? []) {
    if (facet === 'accountPublicAccessBlock') actions.add(ACCOUNT_PUBLIC_ACCESS_BLOCK.permission);
    else actions.add(BUCKET_FACET_READERS[facet as keyof typeof BUCKET_FACET_READERS].permission);
  }
  if (plan.has('aws.account')) actions.add(ACCOUNT_PUBLIC_ACCESS_BLOCK.permission);
  dbPermissions(plan).forEach((a) => actions.add(a));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AjarReadOnlyScan',
        Effect: 'Allow',
        Action: [...actions].sort(),
        Resource: '*',
      },
    ],
  };
}
