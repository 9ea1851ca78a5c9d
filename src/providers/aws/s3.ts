/**
 * S3 collector: lists every bucket of the account (paginated ListBuckets, region from BucketRegion),
 * reads only the facets the selected rules need, and yields each bucket as soon as its facets are
 * in, so findings can stream while the rest is still being read.
 */
import { GetBucketLocationCommand, paginateListBuckets, type Bucket } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type pLimit from 'p-limit';
import type { AwsAccount, PublicAccessBlock, S3Bucket, S3BucketFacets } from '../../inventory/aws.ts';
import { readable, unreadable, type CollectionError, type Facet } from '../../inventory/common.ts';
import type { AwsClients } from './clients.ts';
import { classifyAwsError } from './errors.ts';
import { ACCOUNT_PUBLIC_ACCESS_BLOCK, BUCKET_FACET_READERS, toPublicAccessBlock, type BucketFacetReader } from './s3-facets.ts';

export type S3Facet = keyof S3BucketFacets;

export interface S3CollectOptions {
  clients: AwsClients;
  account: string;
  facets: ReadonlySet<S3Facet>;
  /** Only buckets in these regions; all when empty. */
  regions: readonly string[];
  defaultRegion: string;
  limit: ReturnType<typeof pLimit>;
  onError: (error: CollectionError) => void;
  /** Buckets in flight at once; bounds memory while keeping the call limiter busy. */
  window: number;
}

/** ListBuckets could not be read at all: the caller decides whether that is fatal. */
export class ListingFailed extends Error {
  readonly classified: ReturnType<typeof classifyAwsError>;
  constructor(classified: ReturnType<typeof classifyAwsError>) {
    super(`ListBuckets failed: ${classified.code}: ${classified.message}`);
    this.classified = classified;
  }
}

async function readFacet<K extends S3Facet>(
  reader: BucketFacetReader<K>,
  options: S3CollectOptions,
  bucket: string,
  region: string,
): Promise<Facet<S3BucketFacets[K]>> {
  let currentRegion = region;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return readable(await options.limit(() => reader.read(options.clients.s3For(currentRegion), bucket)));
    } catch (error) {
      const failure = classifyAwsError(error);
      if (reader.notConfigured.includes(failure.code) && 'notConfiguredValue' in reader) {
        return readable(reader.notConfiguredValue as S3BucketFacets[K]);
      }
      if (failure.httpStatus === 301 && failure.bucketRegion && failure.bucketRegion !== currentRegion) {
        currentRegion = failure.bucketRegion;
        continue;
      }
      return unreadable(reader.operation, failure.code, failure.message);
    }
  }
  return unreadable(reader.operation, 'PermanentRedirect', 'bucket region kept changing');
}

function normaliseLocation(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

async function regionOf(bucket: Bucket, options: S3CollectOptions): Promise<string> {
  if (bucket.BucketRegion) return bucket.BucketRegion;
  try {
    const out = await options.limit(() =>
      options.clients.s3For(options.defaultRegion).send(new GetBucketLocationCommand({ Bucket: bucket.Name! })),
    );
    return normaliseLocation(out.LocationConstraint);
  } catch (error) {
    const failure = classifyAwsError(error);
    if (failure.bucketRegion) return failure.bucketRegion;
    options.onError({ provider: 'aws', account: options.account, operation: 'GetBucketLocation', code: failure.code, message: `${bucket.Name}: ${failure.message}` });
    return options.defaultRegion;
  }
}

async function collectBucket(bucket: Bucket, options: S3CollectOptions, accountPab: Facet<S3BucketFacets['accountPublicAccessBlock']> | undefined): Promise<S3Bucket | undefined> {
  const name = bucket.Name!;
  const region = await regionOf(bucket, options);
  if (options.regions.length > 0 && !options.regions.includes(region)) return undefined;
  const facets: S3Bucket['facets'] = {};
  const wanted = [...options.facets].filter((f): f is Exclude<S3Facet, 'accountPublicAccessBlock' | 'policyStatus'> => f !== 'accountPublicAccessBlock' && f !== 'policyStatus');
  await Promise.all(
    wanted.map(async (facet) => {
      facets[facet] = (await readFacet(BUCKET_FACET_READERS[facet] as BucketFacetReader<typeof facet>, options, name, region)) as never;
    }),
  );
  // Without a policy there is nothing for AWS to call public; asking would only cost a call.
  if (options.facets.has('policyStatus')) {
    const policy = facets.policy;
    if (policy?.state === 'ok' && policy.value === null) facets.policyStatus = readable({ isPublic: false });
    else if (policy?.state === 'ok' || !options.facets.has('policy')) {
      facets.policyStatus = await readFacet(BUCKET_FACET_READERS.policyStatus, options, name, region);
    }
  }
  if (options.facets.has('accountPublicAccessBlock') && accountPab) facets.accountPublicAccessBlock = accountPab;
  return {
    ref: { provider: 'aws', account: options.account, region, type: 'aws.s3.bucket', id: `arn:aws:s3:::${name}`, name },
    facets,
  };
}

export async function readAccountPublicAccessBlock(options: S3CollectOptions): Promise<Facet<PublicAccessBlock | null>> {
  try {
    const out = await options.limit(() =>
      options.clients.s3Control().send(new GetAccountPublicAccessBlockCommand({ AccountId: options.account })),
    );
    return readable(toPublicAccessBlock(out.PublicAccessBlockConfiguration));
  } catch (error) {
    const failure = classifyAwsError(error);
    if (ACCOUNT_PUBLIC_ACCESS_BLOCK.notConfigured.includes(failure.code)) return readable(null);
    return unreadable(ACCOUNT_PUBLIC_ACCESS_BLOCK.operation, failure.code, failure.message);
  }
}

/** Yields the account resource, then each bucket as it completes. */
export async function* collectS3(options: S3CollectOptions, wantAccount: boolean): AsyncGenerator<AwsAccount | S3Bucket> {
  const needAccountPab = wantAccount || options.facets.has('accountPublicAccessBlock');
  const accountPab = needAccountPab ? await readAccountPublicAccessBlock(options) : undefined;
  if (wantAccount && accountPab) {
    yield {
      ref: { provider: 'aws', account: options.account, region: 'global', type: 'aws.account', id: `arn:aws:iam::${options.account}:root`, name: options.account },
      facets: { publicAccessBlock: accountPab },
    };
  }
  const done: S3Bucket[] = [];
  // One counter and one wake-up instead of Promise.race over the in-flight set: racing N pending
  // promises attaches N reactions to each of them per bucket started, which at a window of 128
  // and 10,000 buckets is over a million reaction jobs and their garbage (see bench/s3-exposure.ts).
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let failed: { error: unknown } | undefined;
  const settled = () => {
    inFlight -= 1;
    wake?.();
    wake = undefined;
  };
  const start = (bucket: Bucket) => {
    inFlight += 1;
    collectBucket(bucket, options, accountPab)
      .then(
        (result) => {
          if (result) done.push(result);
        },
        (error: unknown) => {
          failed ??= { error };
        },
      )
      .finally(settled);
  };
  /** Waits for the next bucket to finish; a bucket task that threw fails the scan, as before. */
  const oneSettled = async () => {
    await new Promise<void>((resolve) => (wake = resolve));
    if (failed) throw failed.error;
  };
  try {
    const pages = paginateListBuckets({ client: options.clients.s3For(options.defaultRegion), pageSize: 1000 }, {});
    for await (const page of pages) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        start(bucket);
        while (inFlight >= options.window) await oneSettled();
        yield* done.splice(0);
      }
    }
  } catch (error) {
    // Only the listing itself is a ListingFailed; a bucket task's own failure passes through as is.
    if (failed && error === failed.error) throw error;
    throw new ListingFailed(classifyAwsError(error));
  }
  while (inFlight > 0) {
    await oneSettled();
    yield* done.splice(0);
  }
  if (failed) throw failed.error;
  yield* done.splice(0);
}
