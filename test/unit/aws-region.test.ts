/**
 * Region names are checked against the partitions' `regionRegex` in the SDK's endpoint data
 * (https://github.com/aws/aws-sdk-js-v3, @aws-sdk/core util-endpoints partitions.json): this keeps
 * ajar's copy equal to the data the installed SDK resolves endpoints with.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS data module of the SDK, no declaration on this path
import { partitionsInfo } from '../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js';
import { AWS_PARTITION_REGION_PATTERNS, isAwsRegionName } from '../../src/config/aws-region.ts';

type Partition = { id: string; regionRegex: string; regions: Record<string, unknown> };
const partitions = (partitionsInfo as { partitions: Partition[] }).partitions;

describe('AWS region names', () => {
  it('uses exactly the regionRegex of every partition the SDK knows', () => {
    expect(AWS_PARTITION_REGION_PATTERNS).toEqual(Object.fromEntries(partitions.map((p) => [p.id, p.regionRegex])));
  });

  it('accepts every region the SDK lists by name (leaving out the aws-global style pseudo-regions)', () => {
    const named = partitions.flatMap((p) => Object.keys(p.regions)).filter((name) => /\d$/.test(name));
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((name) => !isAwsRegionName(name))).toEqual([]);
  });

  it.each(['mars-1', 'eu-west', 'EU-WEST-1', 'us-east-1 ', 'xx-east-1', 'eu-west-1a', ''])('refuses %j', (name) => {
    expect(isAwsRegionName(name)).toBe(false);
  });
});
