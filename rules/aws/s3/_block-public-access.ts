import type { PublicAccessBlock } from '../../../src/inventory/aws.ts';

const FLAG_NAMES: Record<keyof PublicAccessBlock, string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

/** The settings that are off; a missing configuration means all four are off. */
export const missingBlockPublicAccessFlags = (config: PublicAccessBlock | null, ...others: (PublicAccessBlock | null)[]): string[] =>
  (Object.keys(FLAG_NAMES) as (keyof PublicAccessBlock)[])
    .filter((flag) => config?.[flag] !== true && !others.some((other) => other?.[flag] === true))
    .map((flag) => FLAG_NAMES[flag]);
