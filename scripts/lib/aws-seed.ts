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
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { CreateClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { CreateTableCommand, DynamoDBClient, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';

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

// ---------------------------------------------------------------------------------------------
// Databases: RDS, security groups, Redshift, DynamoDB and OpenSearch, seeded through the SDK.

export interface IngressSeed {
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidrs?: string[];
  ipv6Cidrs?: string[];
  prefixListIds?: string[];
  groupIds?: string[];
}

export function dbSeeder(endpoint: string, region = 'us-east-1') {
  const common = { region, endpoint, credentials: EMULATOR_CREDENTIALS };
  const ec2 = new EC2Client(common);
  const rds = new RDSClient(common);
  const redshift = new RedshiftClient(common);
  const dynamodb = new DynamoDBClient(common);
  const opensearch = new OpenSearchClient(common);
  let vpcId: string | undefined;
  const vpc = async (): Promise<string> => {
    if (vpcId) return vpcId;
    const out = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    vpcId = out.Vpcs?.[0]?.VpcId ?? (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    return vpcId;
  };
  return {
    /** A security group with the given ingress rules; returns its id. */
    async securityGroup(name: string, ingress: IngressSeed[] = []): Promise<string> {
      const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `ajar test ${name}`, VpcId: await vpc() }));
      const groupId = created.GroupId!;
      if (ingress.length > 0) {
        await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: ingress.map((rule) => ({
              IpProtocol: rule.protocol ?? 'tcp',
              FromPort: rule.fromPort,
              ToPort: rule.toPort,
              IpRanges: rule.cidrs?.map((CidrIp) => ({ CidrIp })),
              Ipv6Ranges: rule.ipv6Cidrs?.map((CidrIpv6) => ({ CidrIpv6 })),
              PrefixListIds: rule.prefixListIds?.map((PrefixListId) => ({ PrefixListId })),
              UserIdGroupPairs: rule.groupIds?.map((GroupId) => ({ GroupId })),
            })),
          }),
        );
      }
      return groupId;
    },
    async prefixList(name: string, cidrs: string[]): Promise<string> {
      const out = await ec2.send(
        new CreateManagedPrefixListCommand({ PrefixListName: name, AddressFamily: 'IPv4', MaxEntries: 10, Entries: cidrs.map((Cidr) => ({ Cidr })) }),
      );
      return out.PrefixList!.PrefixListId!;
    },
    async rdsInstance(init: { id: string; engine?: string; port?: number; publiclyAccessible: boolean; securityGroupIds: string[]; encrypted?: boolean; clusterId?: string }): Promise<void> {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: init.id,
          Engine: init.engine ?? 'mysql',
          DBInstanceClass: 'db.t3.micro',
          AllocatedStorage: init.clusterId ? undefined : 20,
          MasterUsername: init.clusterId ? undefined : 'admin',
          MasterUserPassword: init.clusterId ? undefined : 'not-a-real-password-1',
          Port: init.port,
          PubliclyAccessible: init.publiclyAccessible,
          VpcSecurityGroupIds: init.securityGroupIds,
          StorageEncrypted: init.encrypted,
          DBClusterIdentifier: init.clusterId,
        }),
      );
    },
    async rdsCluster(init: { id: string; engine: string; securityGroupIds: string[]; encrypted?: boolean }): Promise<void> {
      await rds.send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: init.id,
          Engine: init.engine,
          MasterUsername: 'admin',
          MasterUserPassword: 'not-a-real-password-1',
          VpcSecurityGroupIds: init.securityGroupIds,
          StorageEncrypted: init.encrypted,
        }),
      );
    },
    /** A manual snapshot of an instance, shared with the given accounts (`all` makes it public). */
    async dbSnapshot(instanceId: string, snapshotId: string, shareWith: string[] = []): Promise<void> {
      await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: instanceId, DBSnapshotIdentifier: snapshotId }));
      if (shareWith.length > 0) {
        await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: snapshotId, AttributeName: 'restore', ValuesToAdd: shareWith }));
      }
    },
    async clusterSnapshot(clusterId: string, snapshotId: string, shareWith: string[] = []): Promise<void> {
      await rds.send(new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: clusterId, DBClusterSnapshotIdentifier: snapshotId }));
      if (shareWith.length > 0) {
        await rds.send(
          new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: snapshotId, AttributeName: 'restore', ValuesToAdd: shareWith }),
        );
      }
    },
    async redshiftCluster(init: { id: string; publiclyAccessible: boolean; securityGroupIds: string[]; encrypted?: boolean }): Promise<void> {
      await redshift.send(
        new CreateClusterCommand({
          ClusterIdentifier: init.id,
          NodeType: 'ra3.xlplus',
          ClusterType: 'single-node',
          MasterUsername: 'admin',
          MasterUserPassword: 'NotARealPassword1',
          PubliclyAccessible: init.publiclyAccessible,
          VpcSecurityGroupIds: init.securityGroupIds,
          Encrypted: init.encrypted,
        }),
      );
    },
    /** A table, with a resource-based policy when one is given; returns its ARN. */
    async dynamoTable(name: string, policy?: (arn: string) => object): Promise<string> {
      const out = await dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const arn = out.TableDescription!.TableArn!;
      if (policy) await dynamodb.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: JSON.stringify(policy(arn)) }));
      return arn;
    },
    async openSearchDomain(init: { name: string; policy?: (arn: string) => object; vpcSecurityGroupIds?: string[]; fineGrained?: { anonymous: boolean } }): Promise<void> {
      const arn = `arn:aws:es:${region}:${EMULATOR_ACCOUNT}:domain/${init.name}`;
      await opensearch.send(
        new CreateDomainCommand({
          DomainName: init.name,
          EngineVersion: 'OpenSearch_2.11',
          AccessPolicies: init.policy ? JSON.stringify(init.policy(arn)) : undefined,
          VPCOptions: init.vpcSecurityGroupIds ? { SecurityGroupIds: init.vpcSecurityGroupIds, SubnetIds: ['subnet-00000001'] } : undefined,
          AdvancedSecurityOptions: init.fineGrained
            ? { Enabled: true, InternalUserDatabaseEnabled: true, AnonymousAuthEnabled: init.fineGrained.anonymous, MasterUserOptions: { MasterUserName: 'admin', MasterUserPassword: 'NotARealPassword1!' } }
            : undefined,
        }),
      );
    },
    close(): void {
      for (const client of [ec2, rds, redshift, dynamodb, opensearch]) client.destroy();
    },
  };
}
