/**
 * The factory's clients must refuse any mutating command before a byte leaves the process. A
 * loopback server records every request it receives: mutations must add none, a read must add one.
 */
import { createServer, type Server } from 'node:http';
import { DeleteBucketCommand, GetBucketAclCommand, PutBucketAclCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients, MutatingCallRefused } from '../../src/providers/aws/clients.ts';

describe('read-only AWS clients', () => {
  let server: Server;
  const received: string[] = [];
  let clients: AwsClients;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>');
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const address = server.address() as { port: number };
    clients = new AwsClients({
      endpoint: `http://127.0.0.1:${address.port}`,
      defaultRegion: 'us-east-1',
      concurrency: 2,
      credentials: async () => ({ accessKeyId: 'guard', secretAccessKey: 'guard' }),
    });
  });

  afterAll(async () => {
    clients.destroy();
    await new Promise((done) => server.close(done));
  });

  it.each([
    ['PutBucketAcl', () => clients.s3For('us-east-1').send(new PutBucketAclCommand({ Bucket: 'victim', ACL: 'public-read' }))],
    ['DeleteBucket', () => clients.s3For('us-east-1').send(new DeleteBucketCommand({ Bucket: 'victim' }))],
    ['PutObject', () => clients.s3For('eu-west-1').send(new PutObjectCommand({ Bucket: 'victim', Key: 'k', Body: 'x' }))],
    ['PutPublicAccessBlock (S3 Control)', () => clients.s3Control().send(new PutPublicAccessBlockCommand({ AccountId: '123456789012', PublicAccessBlockConfiguration: {} }))],
  ])('refuses %s before sending it', async (_name, call) => {
    const before = received.length;
    await expect(call()).rejects.toBeInstanceOf(MutatingCallRefused);
    expect(received.length).toBe(before);
  });

  it('lets a read through, and counts it', async () => {
    const before = received.length;
    const out = await clients.s3For('us-east-1').send(new GetBucketAclCommand({ Bucket: 'victim' }));
    expect(out.Owner?.ID).toBe('o');
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)).toMatch(/^GET \/victim\/?\?acl/);
    expect(clients.counter.byOperation.get('GetBucketAcl')).toBe(1);
    expect(clients.counter.byOperation.has('PutBucketAcl')).toBe(false);
  });
});
