/**
 * What an AWS region name looks like: the `regionRegex` of each partition in the SDK's endpoint
 * rules data (@aws-sdk/core, util-endpoints/lib/aws/partitions.js, the same data as
 * partitions.json in smithy's endpoint rules). A name none of them matches ("mars-1") is no region
 * of any partition: scanning it would only read nothing, so it is refused before the scan.
 * test/unit/aws-region.test.ts keeps this list equal to the SDK's.
 */
export const AWS_PARTITION_REGION_PATTERNS: Readonly<Record<string, string>> = {
  aws: '^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$',
  'aws-cn': '^cn\\-\\w+\\-\\d+$',
  'aws-eusc': '^eusc\\-(de)\\-\\w+\\-\\d+$',
  'aws-iso': '^us\\-iso\\-\\w+\\-\\d+$',
  'aws-iso-b': '^us\\-isob\\-\\w+\\-\\d+$',
  'aws-iso-e': '^eu\\-isoe\\-\\w+\\-\\d+$',
  'aws-iso-f': '^us\\-isof\\-\\w+\\-\\d+$',
  'aws-us-gov': '^us\\-gov\\-\\w+\\-\\d+$',
};

const PATTERNS = Object.values(AWS_PARTITION_REGION_PATTERNS).map((source) => new RegExp(source));

export const isAwsRegionName = (name: string): boolean => PATTERNS.some((pattern) => pattern.test(name));

/** The one wording of the refusal, for --regions and the config file's aws.regions alike. */
export const AWS_REGION_EXPECTED = 'expected an AWS region name such as eu-west-1 (a region of an AWS partition, e.g. us-east-1, cn-north-1, us-gov-west-1)';
