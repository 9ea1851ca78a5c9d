/**
 * Seeds an emulator (moto) with buckets in given states through the real AWS SDK. Used by the
 * integration tests and the demo; never by the scanner, whose clients refuse writes.
 */
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  type PutBucketAclCommandInput,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketCannedACL,
  type ObjectOwnership,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';

export const EMULATOR_ACCOUNT = '123456789012';
export const EMULATOR_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface BucketSeed {
  name: string;
  region?: string;
  acl?: BucketCannedACL;
  /**
   * Explicit grants, e.g. { GrantWrite: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' }.
   * moto 5.2 renders only the first permission of a canned ACL such as public-read-write, so
   * tests that need several permissions give them here.
   */
  grants?: Pick<PutBucketAclCommandInput, 'GrantRead' | 'GrantWrite' | 'GrantReadACP' | 'GrantWriteACP' | 'GrantFullControl'>;
  policy?: object;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  ownership?: ObjectOwnership;
  website?: boolean;
  objects?: string[];
}

export const FULL_BLOCK: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export function seeder(endpoint: string) {
  const clients = new Map<string, S3Client>();
  const s3 = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new S3Client({ region, endpoint, forcePathStyle: true, credentials: EMULATOR_CREDENTIALS });
      clients.set(region, client);
    }
    return client;
  };
  return {
    async bucket(seed: BucketSeed): Promise<void> {
      const region = seed.region ?? 'us-east-1';
      const client = s3(region);
      await client.send(
        new CreateBucketCommand({
          Bucket: seed.name,
          ACL: seed.acl,
          CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as never },
        }),
      );
      if (seed.ownership) {
        await client.send(new PutBucketOwnershipControlsCommand({ Bucket: seed.name, OwnershipControls: { Rules: [{ ObjectOwnership: seed.ownership }] } }));
      }
      if (seed.grants) await client.send(new PutBucketAclCommand({ Bucket: seed.name, ...seed.grants }));
      if (seed.policy) await client.send(new PutBucketPolicyCommand({ Bucket: seed.name, Policy: JSON.stringify(seed.policy) }));
      if (seed.publicAccessBlock) {
        await client.send(new PutPublicAccessBlockCommand({ Bucket: seed.name, PublicAccessBlockConfiguration: seed.publicAccessBlock }));
      }
      if (seed.website) {
        await client.send(new PutBucketWebsiteCommand({ Bucket: seed.name, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
      }
      for (const key of seed.objects ?? []) {
        await client.send(new PutObjectCommand({ Bucket: seed.name, Key: key, Body: 'demo object: no real data' }));
      }
    },
    async accountPublicAccessBlock(config: PublicAccessBlockConfiguration): Promise<void> {
      const control = new S3ControlClient({
        region: 'us-east-1',
        endpoint,
        credentials: EMULATOR_CREDENTIALS,
        disableHostPrefix: true,
        endpointProvider: () => ({ url: new URL(endpoint) }),
      });
      await control.send(new PutAccountPublicAccessBlockCommand({ AccountId: EMULATOR_ACCOUNT, PublicAccessBlockConfiguration: config }));
      control.destroy();
    },
    close(): void {
      for (const client of clients.values()) client.destroy();
    },
  };
}
