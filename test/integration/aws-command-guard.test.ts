/**
 * Every command of every AWS SDK client ajar builds, sent through ajar's own client factory to a
 * loopback server that counts requests. A command that is not a read, or that reads contents or
 * a secret (S3 objects, DynamoDB items, credentials ...), must be refused before a byte is sent,
 * with an error naming it; everything the guard admits must be a plain read. The lists are taken
 * from the packages' exports, so a command added by an SDK update is checked the day it lands.
 *
 * Content-read operations: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_SelectObjectContent.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
 */
import { createServer, type Server } from 'node:http';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as ec2 from '@aws-sdk/client-ec2';
import * as opensearch from '@aws-sdk/client-opensearch';
import * as rds from '@aws-sdk/client-rds';
import * as redshift from '@aws-sdk/client-redshift';
import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import * as sts from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients, MutatingCallRefused } from '../../src/providers/aws/clients.ts';
import { dynamodbClient, ec2Client, opensearchClient, rdsClient, redshiftClient } from '../../src/providers/aws/db-clients.ts';
import { AWS_CONTENT_READS } from '../../src/providers/content-reads.ts';

/** Written here, not imported: the test must not share the guard's own definition of a read. */
const READ = /^(Get|List|Describe|Head)[A-Z]/;

/** Content reads that must be refused whatever the deny list says (the issue's own list). */
const MUST_REFUSE: Record<string, string[]> = {
  s3: ['GetObject', 'GetObjectTorrent', 'SelectObjectContent', 'GetObjectAttributes', 'HeadObject'],
  dynamodb: ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'TransactGetItems'],
  redshift: ['GetClusterCredentials', 'GetClusterCredentialsWithIAM'],
  ec2: ['GetPasswordData'],
  sts: ['GetSessionToken', 'GetFederationToken'],
};

/** The commands ajar itself sends: the guard must let each of them through. */
const AJAR_SENDS: Record<string, string[]> = {
  s3: ['ListBuckets', 'GetBucketAcl', 'GetBucketLocation', 'GetBucketOwnershipControls', 'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketWebsite', 'GetPublicAccessBlock'],
  s3control: ['GetPublicAccessBlock'],
  sts: ['GetCallerIdentity'],
  ec2: ['DescribeRegions', 'DescribeSecurityGroups', 'GetManagedPrefixListEntries'],
  rds: ['DescribeDBInstances', 'DescribeDBClusters', 'DescribeDBSnapshots', 'DescribeDBClusterSnapshots', 'DescribeDBSnapshotAttributes', 'DescribeDBClusterSnapshotAttributes'],
  redshift: ['DescribeClusters'],
  dynamodb: ['ListTables', 'GetResourcePolicy'],
  opensearch: ['ListDomainNames', 'DescribeDomains'],
};

/**
 * The fields most commands need to be serialised at all (a bucket, a key, a table, an account),
 * so that without the guard a content read would really be sent; extra fields are ignored.
 */
const INPUT = { Bucket: 'guard-bucket', Key: 'guard-key', TableName: 'guard-table', AccountId: '123456789012', Expression: 'select 1', ExpressionType: 'SQL', InputSerialization: {}, OutputSerialization: {}, ObjectAttributes: ['ETag'] };

type Command = new (input: object) => unknown;
// Each client's send takes only its own commands; the loop hands it each of them.
type Sender = { send: (command: never) => Promise<unknown> };

const commandsOf = (module: Record<string, unknown>): [string, Command][] =>
  Object.entries(module)
    .filter(([name, value]) => /^[A-Z][A-Za-z0-9]*Command$/.test(name) && typeof value === 'function')
    .map(([name, value]) => [name.replace(/Command$/, ''), value as Command]);

describe('the AWS read-only guard over every SDK command', () => {
  let server: Server;
  let received = 0;
  let clients: AwsClients;
  const outcome = new Map<string, { refused: boolean; message: string; requests: number }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      received += 1;
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    clients = new AwsClients({
      endpoint: `http://127.0.0.1:${port}`,
      defaultRegion: 'us-east-1',
      concurrency: 4,
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'guard', secretAccessKey: 'guard' }),
    });
    const services: [string, Record<string, unknown>, () => Sender][] = [
      ['s3', s3, () => clients.s3For('us-east-1')],
      ['s3control', s3control, () => clients.s3Control()],
      ['sts', sts, () => clients.stsClient()],
      ['ec2', ec2, () => ec2Client(clients, 'us-east-1')],
      ['rds', rds, () => rdsClient(clients, 'us-east-1')],
      ['redshift', redshift, () => redshiftClient(clients, 'us-east-1')],
      ['dynamodb', dynamodb, () => dynamodbClient(clients, 'us-east-1')],
      ['opensearch', opensearch, () => opensearchClient(clients, 'us-east-1')],
    ];
    // One command at a time, so the server's count after each send belongs to that command.
    for (const [service, module, client] of services) {
      for (const [name, Command] of commandsOf(module)) {
        const before = received;
        const error = await client()
          .send(new Command(INPUT) as never)
          .then(
            () => undefined,
            (e: unknown) => e as Error,
          );
        outcome.set(`${service}:${name}`, { refused: error instanceof MutatingCallRefused, message: error?.message ?? '', requests: received - before });
      }
    }
  }, 110_000);

  afterAll(async () => {
    clients?.destroy();
    await new Promise((done) => server.close(done));
  });

  it('found every client package and its commands', () => {
    const perService = new Map<string, number>();
    for (const key of outcome.keys()) perService.set(key.split(':')[0]!, (perService.get(key.split(':')[0]!) ?? 0) + 1);
    // EC2 alone has several hundred; a package whose exports were not found would show 0.
    for (const service of ['s3', 's3control', 'sts', 'ec2', 'rds', 'redshift', 'dynamodb', 'opensearch']) expect(perService.get(service) ?? 0, service).toBeGreaterThan(5);
    expect(perService.get('ec2')).toBeGreaterThan(300);
  });

  it('refuses every non-read and every content read before sending it, naming the command', () => {
    const wrong: string[] = [];
    for (const [key, { refused, message, requests }] of outcome) {
      const name = key.split(':')[1]!;
      const shouldRefuse = !READ.test(name) || AWS_CONTENT_READS.has(name);
      if (shouldRefuse && !(refused && requests === 0 && message.includes(` ${name} `))) wrong.push(`${key}: refused=${refused} requests=${requests} ${message}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses the content reads the issue names, whatever the deny list says', () => {
    for (const [service, names] of Object.entries(MUST_REFUSE)) {
      for (const name of names) {
        expect(outcome.get(`${service}:${name}`), `${service}:${name}`).toMatchObject({ refused: true, requests: 0 });
      }
    }
  });

  it('admits only plain reads that are not on the deny list, and every command ajar sends', () => {
    const admitted = [...outcome].filter(([, o]) => !o.refused).map(([key]) => key);
    const notPlainReads = admitted.filter((key) => {
      const name = key.split(':')[1]!;
      return !READ.test(name) || AWS_CONTENT_READS.has(name);
    });
    expect(notPlainReads).toEqual([]);
    expect(admitted.length).toBeGreaterThan(500);
    for (const [service, names] of Object.entries(AJAR_SENDS)) {
      for (const name of names) expect(outcome.get(`${service}:${name}`), `${service}:${name}`).toMatchObject({ refused: false });
    }
    // Admitted reads do reach the server: the guard, not a broken client, is what refuses the rest.
    expect(outcome.get('s3:ListBuckets')?.requests).toBe(1);
    expect(outcome.get('sts:GetCallerIdentity')?.requests).toBe(1);
  });
});
