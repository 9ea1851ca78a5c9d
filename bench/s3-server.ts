/**
 * A loopback S3-compatible endpoint for the benchmark: N synthetic buckets, a fixed latency on
 * every answer, and a count of every request by operation (GET /__stats). It runs in a child
 * process (`startS3Server`) so that its memory and CPU for building answers stay out of the
 * scanner's numbers; the child prints `PORT <n>` once it listens.
 *
 * Only the read operations the scanner makes are served, path-style, with the XML shapes of the
 * S3 API reference:
 *   ListBuckets            https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
 *   GetBucketAcl           https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAcl.html
 *   GetBucketPolicy(Status) https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
 *   GetPublicAccessBlock   https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
 *   GetBucketOwnershipControls https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html
 *   GetBucketWebsite / GetBucketLocation (same reference)
 *   S3 Control GetPublicAccessBlock https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
 *   STS GetCallerIdentity  https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * @aws-sdk/client-sts 3.1169 still speaks the awsQuery protocol (AwsQueryProtocol in its
 * dist-cjs/index.js): a form-encoded POST answered in XML, which is what is served here.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ACCOUNT = '123456789012';
/** A third party that some bucket policies grant to: an "untrusted account" for the rules. */
export const VENDOR_ACCOUNT = '999988887777';
const OWNER_CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export const bucketName = (i: number): string => `ajar-bench-${String(i).padStart(6, '0')}`;
const indexOf = (name: string): number => {
  const match = /^ajar-bench-(\d{6})$/.exec(name);
  return match ? Number(match[1]) : -1;
};

/**
 * The exposure mix, a pure function of the bucket's index so every run sees the same account:
 * 1 in 10 public-read ACL, 1 in 50 an authenticated-users ACL, 1 in 10 a public policy, 1 in 20
 * a vendor-account policy, 1 in 10 a deny-only policy; Block Public Access and Object Ownership
 * vary on other strides so that some exposures are switched off and some are not.
 */
export const bucketProfile = (i: number) => ({
  region: REGIONS[i % REGIONS.length]!,
  acl: i % 10 === 0 ? 'public-read' : i % 50 === 7 ? 'authenticated-read' : 'private',
  policy: i % 10 === 3 ? 'public' : i % 20 === 5 ? 'vendor' : i % 10 === 6 ? 'deny-insecure' : null,
  publicAccessBlock: i % 4 === 0 ? 'all' : i % 4 === 1 ? null : 'none',
  ownership: i % 3 === 0 ? null : i % 3 === 1 ? 'BucketOwnerEnforced' : 'ObjectWriter',
  website: i % 25 === 0,
});

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

function listBuckets(total: number, query: URLSearchParams): string {
  const token = query.get('continuation-token');
  const start = token ? Number(Buffer.from(token, 'base64url').toString().slice(2)) : 0;
  // Unpaginated requests get everything; a token without max-buckets defaults to 10,000 as on AWS.
  const max = query.has('max-buckets') ? Number(query.get('max-buckets')) : token ? 10_000 : total;
  const end = Math.min(total, start + Math.max(1, max));
  const buckets: string[] = [];
  for (let i = start; i < end; i += 1) {
    buckets.push(
      `<Bucket><Name>${bucketName(i)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>` +
        `<BucketRegion>${bucketProfile(i).region}</BucketRegion></Bucket>`,
    );
  }
  const next = end < total ? `<ContinuationToken>${Buffer.from(`i:${end}`).toString('base64url')}</ContinuationToken>` : '';
  return xml(
    `<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>${OWNER_CANONICAL}</ID><DisplayName>bench</DisplayName></Owner>` +
      `<Buckets>${buckets.join('')}</Buckets>${next}</ListAllMyBucketsResult>`,
  );
}

function acl(kind: string): string {
  const owner = `<ID>${OWNER_CANONICAL}</ID><DisplayName>bench</DisplayName>`;
  const grants = [`<Grant><Grantee ${XSI} xsi:type="CanonicalUser">${owner}</Grantee><Permission>FULL_CONTROL</Permission></Grant>`];
  if (kind === 'public-read') grants.push(`<Grant><Grantee ${XSI} xsi:type="Group"><URI>${ALL_USERS}</URI></Grantee><Permission>READ</Permission></Grant>`);
  if (kind === 'authenticated-read') {
    grants.push(`<Grant><Grantee ${XSI} xsi:type="Group"><URI>${AUTHENTICATED_USERS}</URI></Grantee><Permission>READ</Permission></Grant>`);
  }
  return xml(`<AccessControlPolicy xmlns="${S3_NS}"><Owner>${owner}</Owner><AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`);
}

function policy(kind: string, bucket: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const statement =
    kind === 'public'
      ? { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*` }
      : kind === 'vendor'
        ? { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR_ACCOUNT}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [arn, `${arn}/*`] }
        : { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

const pab = (on: boolean) =>
  xml(
    `<PublicAccessBlockConfiguration xmlns="${S3_NS}"><BlockPublicAcls>${on}</BlockPublicAcls><IgnorePublicAcls>${on}</IgnorePublicAcls>` +
      `<BlockPublicPolicy>${on}</BlockPublicPolicy><RestrictPublicBuckets>${on}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
  );

interface Answer {
  operation: string;
  status: number;
  body: string;
  type?: string;
}

const s3Error = (operation: string, status: number, code: string, message: string, bucket?: string): Answer => ({
  operation,
  status,
  body: xml(`<Error><Code>${code}</Code><Message>${message}</Message>${bucket ? `<BucketName>${bucket}</BucketName>` : ''}<RequestId>bench</RequestId></Error>`),
});

/** Maps one request to its operation and answer; pure, so the latency wrapper stays trivial. */
function answer(total: number, method: string, url: URL, body: string): Answer {
  const segments = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  if (method === 'POST' && segments.length === 0) {
    const form = new URLSearchParams(body);
    if (form.get('Action') !== 'GetCallerIdentity') return s3Error('sts:Unknown', 400, 'InvalidAction', `unsupported ${form.get('Action')}`);
    return {
      operation: 'GetCallerIdentity',
      status: 200,
      type: 'text/xml',
      body: xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${ACCOUNT}:user/bench</Arn><UserId>AIDABENCHBENCHBENCH</UserId><Account>${ACCOUNT}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      ),
    };
  }
  if (method !== 'GET') return s3Error('MethodNotAllowed', 405, 'MethodNotAllowed', `${method} is not served`);
  if (url.pathname === '/v20180820/configuration/publicAccessBlock') {
    // Account-level Block Public Access off, so the bucket-level mix decides.
    return { operation: 'GetAccountPublicAccessBlock', status: 200, body: pab(false) };
  }
  if (segments.length === 0) return { operation: 'ListBuckets', status: 200, body: listBuckets(total, q) };
  const bucket = decodeURIComponent(segments[0]!);
  const i = indexOf(bucket);
  if (i < 0 || i >= total) return s3Error('NoSuchBucket', 404, 'NoSuchBucket', 'The specified bucket does not exist', bucket);
  const p = bucketProfile(i);
  if (q.has('acl')) return { operation: 'GetBucketAcl', status: 200, body: acl(p.acl) };
  if (q.has('policy')) {
    if (!p.policy) return s3Error('GetBucketPolicy', 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
    return { operation: 'GetBucketPolicy', status: 200, type: 'application/json', body: policy(p.policy, bucket) };
  }
  if (q.has('policyStatus')) {
    if (!p.policy) return s3Error('GetBucketPolicyStatus', 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
    return { operation: 'GetBucketPolicyStatus', status: 200, body: xml(`<PolicyStatus xmlns="${S3_NS}"><IsPublic>${p.policy === 'public'}</IsPublic></PolicyStatus>`) };
  }
  if (q.has('publicAccessBlock')) {
    if (!p.publicAccessBlock) {
      return s3Error('GetPublicAccessBlock', 404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', bucket);
    }
    return { operation: 'GetPublicAccessBlock', status: 200, body: pab(p.publicAccessBlock === 'all') };
  }
  if (q.has('ownershipControls')) {
    if (!p.ownership) return s3Error('GetBucketOwnershipControls', 404, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', bucket);
    return {
      operation: 'GetBucketOwnershipControls',
      status: 200,
      body: xml(`<OwnershipControls xmlns="${S3_NS}"><Rule><ObjectOwnership>${p.ownership}</ObjectOwnership></Rule></OwnershipControls>`),
    };
  }
  if (q.has('website')) {
    if (!p.website) return s3Error('GetBucketWebsite', 404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', bucket);
    return {
      operation: 'GetBucketWebsite',
      status: 200,
      body: xml(`<WebsiteConfiguration xmlns="${S3_NS}"><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>`),
    };
  }
  if (q.has('location')) {
    // us-east-1 answers an empty LocationConstraint, as AWS does.
    const where = p.region === 'us-east-1' ? '' : p.region;
    return { operation: 'GetBucketLocation', status: 200, body: xml(`<LocationConstraint xmlns="${S3_NS}">${where}</LocationConstraint>`) };
  }
  return s3Error('NotImplemented', 501, 'NotImplemented', `not served: ${url.pathname}${url.search}`, bucket);
}

/** Runs the server in this process; used by the child that `startS3Server` spawns. */
function serve(total: number, latencyMs: number): void {
  const counts = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/__stats') {
        const byOperation = Object.fromEntries([...counts.entries()].sort());
        const totalCalls = [...counts.values()].reduce((a, b) => a + b, 0);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: totalCalls, byOperation, connections }));
        return;
      }
      const reply = answer(total, req.method ?? 'GET', url, Buffer.concat(chunks).toString());
      counts.set(reply.operation, (counts.get(reply.operation) ?? 0) + 1);
      setTimeout(() => {
        res.writeHead(reply.status, {
          'content-type': reply.type ?? 'application/xml',
          'content-length': Buffer.byteLength(reply.body),
          'x-amz-request-id': 'bench',
        });
        res.end(reply.body);
      }, latencyMs);
    });
  });
  // Connections opened: with keep-alive this stays near the concurrency; more means sockets are
  // being thrown away and reconnected, which costs the scanner CPU and round trips.
  let connections = 0;
  server.on('connection', () => (connections += 1));
  // Idle keep-alive sockets must outlive the client's, or a reused socket can be reset mid-request
  // and the retry would show up as an extra call.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

export interface ServerStats {
  total: number;
  byOperation: Record<string, number>;
  connections: number;
}

export interface RunningServer {
  port: number;
  endpoint: string;
  stats: () => Promise<ServerStats>;
  close: () => Promise<void>;
}

/** Spawns the server in a child process and resolves once it reports its port. */
export async function startS3Server(options: { buckets: number; latencyMs: number }): Promise<RunningServer> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(options.buckets), String(options.latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench S3 server exited early (${code})`)));
    lines.on('line', (line) => {
      const match = /^PORT (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  child.removeAllListeners('exit');
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    port,
    endpoint,
    stats: async () => (await (await fetch(`${endpoint}/__stats`)).json()) as ServerStats,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (import.meta.main) {
  const [buckets = '1000', latency = '50'] = process.argv.slice(2);
  serve(Number(buckets), Number(latency));
}
