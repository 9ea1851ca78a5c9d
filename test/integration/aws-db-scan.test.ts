/**
 * The real CLI, as a subprocess, against moto seeded through the real AWS SDK with databases in
 * every state the rules distinguish: exposed, publicly accessible but firewalled, private, open
 * through a prefix list, a broad public range, IPv6, public and shared snapshots, an open Redshift
 * cluster, a DynamoDB table with a public resource policy and OpenSearch domains with and without
 * fine-grained access control. Faults (AccessDenied, throttling) come from a proxy in front of moto.
 */
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import type { AwsDbResource } from '../../src/inventory/aws-db.ts';
import type { CollectionError } from '../../src/inventory/common.ts';
import { AwsClients, MutatingCallRefused } from '../../src/providers/aws/clients.ts';
import { collectAwsDatabases } from '../../src/providers/aws/databases.ts';
import { rdsClient } from '../../src/providers/aws/db-clients.ts';
import type { AwsDbType } from '../../src/providers/aws/db-facets.ts';
import type { Report } from '../../src/report/model.ts';
import { dbSeeder, EMULATOR_CREDENTIALS } from '../../scripts/lib/aws-seed.ts';
import { seedAwsDbDemo } from '../../scripts/lib/demo-aws-db.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';
import { startFaultProxy } from '../support/fault-proxy.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../src/util/retry.ts';

const VENDOR = '444455556666';
const DB_RULES = 'aws-rds-*,aws-redshift-*,aws-dynamodb-*,aws-opensearch-*';
const work = mkdtempSync(join(tmpdir(), 'ajar-db-it-'));

const find = (report: Report, name: string, ruleId: string): Finding | undefined => report.findings.find((f) => f.resource.name === name && f.ruleId === ruleId);

async function scan(endpoint: string, extra: string[] = [], file = 'report.json') {
  const result = await runCli(['scan', 'aws', '--endpoint', endpoint, '--regions', 'us-east-1,eu-west-1', '--rules', DB_RULES, '--format', 'json', '--output', join(work, file), ...extra], emulatorEnv());
  const report: Report = JSON.parse(readFileSync(join(work, file), 'utf8'));
  return { ...result, report };
}

/**
 * Like the shared fault proxy, but decides on the request body: the EC2 and RDS query protocols
 * name the operation there (Action=...), not in the URL or a header.
 */
async function startBodyFaultProxy(target: string, fault: (body: string) => { status: number; body: string } | undefined) {
  const upstream = new URL(target);
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = fault(body.toString('utf8'));
      if (answer) {
        hits += 1;
        res.writeHead(answer.status, { 'content-type': 'text/xml' });
        res.end(answer.body);
        return;
      }
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      forward.once('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${address.port}`, hits: () => hits, close: () => new Promise<void>((done) => server.close(() => done())) };
}

const ec2Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;

describe('scan aws: databases reachable from the internet', () => {
  let moto: RunningMoto;
  let report: Report;
  let exitCode: number | null;
  let stderr: string;

  beforeAll(async () => {
    moto = await startMoto();
    const east = dbSeeder(moto.endpoint, 'us-east-1');
    const west = dbSeeder(moto.endpoint, 'eu-west-1');
    const openMysql = await east.securityGroup('open-mysql', [{ fromPort: 3306, toPort: 3306, cidrs: ['0.0.0.0/0'] }]);
    const office = await east.securityGroup('office-mysql', [{ fromPort: 3306, toPort: 3306, cidrs: ['54.239.1.0/24', '10.0.0.0/8'] }]);
    const openList = await east.prefixList('everyone', ['0.0.0.0/0']);
    const viaList = await east.securityGroup('postgres-via-list', [{ fromPort: 5432, toPort: 5432, prefixListIds: [openList] }]);
    const openRedshift = await east.securityGroup('open-redshift-v6', [{ fromPort: 5439, toPort: 5439, ipv6Cidrs: ['::/0'] }]);
    const neptuneGroup = await east.securityGroup('neptune', [{ fromPort: 8182, toPort: 8182, cidrs: ['10.0.0.0/16'] }]);
    const wide = await west.securityGroup('wide-public', [{ protocol: '-1', cidrs: ['52.0.0.0/12'] }]);

    await east.rdsInstance({ id: 'public-open', publiclyAccessible: true, securityGroupIds: [openMysql] });
    await east.rdsInstance({ id: 'public-firewalled', publiclyAccessible: true, securityGroupIds: [office], encrypted: true });
    await east.rdsInstance({ id: 'private-db', engine: 'postgres', publiclyAccessible: false, securityGroupIds: [openMysql], encrypted: true });
    await east.rdsInstance({ id: 'listed-postgres', engine: 'postgres', publiclyAccessible: true, securityGroupIds: [viaList], encrypted: true });
    await west.rdsInstance({ id: 'wide-range', publiclyAccessible: true, securityGroupIds: [wide], encrypted: true });
    await east.rdsCluster({ id: 'graph', engine: 'neptune', securityGroupIds: [neptuneGroup], encrypted: false });
    await east.dbSnapshot('public-open', 'public-snap', ['all']);
    await east.dbSnapshot('public-open', 'vendor-snap', [VENDOR]);
    await east.dbSnapshot('public-open', 'private-snap');
    await east.clusterSnapshot('graph', 'graph-public-snap', ['all']);
    await east.redshiftCluster({ id: 'open-warehouse', publiclyAccessible: true, securityGroupIds: [openRedshift] });
    await east.dynamoTable('public-table', (arn) => ({ Version: '2012-10-17', Statement: [{ Sid: 'AnyoneReads', Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: arn }] }));
    await east.dynamoTable('private-table');
    const openPolicy = (arn: string) => ({ Version: '2012-10-17', Statement: [{ Sid: 'OpenSearchAll', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: `${arn}/*` }] });
    await east.openSearchDomain({ name: 'open-search', policy: openPolicy });
    await east.openSearchDomain({ name: 'fgac-search', policy: openPolicy, fineGrained: { anonymous: false } });
    for (let i = 0; i < 5; i += 1) await east.openSearchDomain({ name: `bulk-${i}` });
    east.close();
    west.close();

    const result = await scan(moto.endpoint, ['--format', 'table']);
    ({ report, stderr } = result);
    exitCode = result.code;
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('exits 1 with no warning on stderr and reads every facet', () => {
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    expect(report.collectionErrors).toEqual([]);
    expect(report.coverage.ratio).toBe(1);
  });

  it('finds the publicly accessible instance behind an open group, naming the group and the rule', () => {
    const finding = find(report, 'public-open', 'aws-rds-instance-not-reachable-from-internet');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/DB instance public-open \(mysql, port 3306\) is reachable from the internet: security group sg-\w+ \(open-mysql\) allows tcp port 3306 from 0\.0\.0\.0\/0/);
    expect(finding?.trace.map((s) => s.layer)).toEqual(['endpoint', 'security group']);
  });

  it('reports the publicly accessible but firewalled instance only with the lower-severity finding', () => {
    expect(find(report, 'public-firewalled', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('pass');
    const lower = find(report, 'public-firewalled', 'aws-rds-instance-not-publicly-accessible');
    expect(lower?.status).toBe('fail');
    expect(lower?.severity).toBe('medium');
    expect(lower?.message).toContain('keep the internet out for now');
    expect(lower?.message).toMatch(/open port 3306 only to 54\.239\.1\.0\/24 \(public, no wider than a \/16\), 10\.0\.0\.0\/8 \(private or reserved\)/);
  });

  it('passes the private instance on both network rules even though its group is open', () => {
    expect(find(report, 'private-db', 'aws-rds-instance-not-reachable-from-internet')?.message).toContain('not publicly accessible');
    expect(find(report, 'private-db', 'aws-rds-instance-not-publicly-accessible')?.status).toBe('pass');
  });

  it('resolves a managed prefix list to find 0.0.0.0/0 behind it', () => {
    const finding = find(report, 'listed-postgres', 'aws-rds-instance-not-reachable-from-internet');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/0\.0\.0\.0\/0 \(prefix list pl-\w+\)/);
    expect(report.stats.apiCallsByOperation.GetManagedPrefixListEntries).toBeGreaterThanOrEqual(1);
  });

  it('counts an all-traffic rule from a public /12 as the internet, in the second region', () => {
    const finding = find(report, 'wide-range', 'aws-rds-instance-not-reachable-from-internet');
    expect(finding?.status).toBe('fail');
    expect(finding?.resource.region).toBe('eu-west-1');
    expect(finding?.message).toContain('allows all traffic from 52.0.0.0/12: 52.0.0.0/12 admits 1048576 public addresses, wider than a /16');
  });

  it('finds the public DB snapshot and the one shared with an untrusted account', () => {
    expect(find(report, 'public-snap', 'aws-rds-db-snapshot-not-public')?.status).toBe('fail');
    expect(find(report, 'vendor-snap', 'aws-rds-db-snapshot-not-public')?.status).toBe('pass');
    const shared = find(report, 'vendor-snap', 'aws-rds-db-snapshot-no-untrusted-account-access');
    expect(shared?.status).toBe('fail');
    expect(shared?.message).toContain(VENDOR);
    expect(find(report, 'private-snap', 'aws-rds-db-snapshot-not-public')?.status).toBe('pass');
  });

  it('finds the public Neptune cluster snapshot and the unencrypted Neptune cluster', () => {
    expect(find(report, 'graph-public-snap', 'aws-rds-cluster-snapshot-not-public')?.status).toBe('fail');
    const cluster = find(report, 'graph', 'aws-rds-cluster-storage-encrypted');
    expect(cluster?.status).toBe('fail');
    expect(cluster?.message).toContain('(neptune)');
  });

  it('asks for snapshot attributes only for snapshots that can be shared', () => {
    // Three manual DB snapshots; moto also keeps an automated one per instance, which costs no call.
    expect(report.stats.apiCallsByOperation.DescribeDBSnapshotAttributes).toBe(3);
    expect(find(report, 'private-snap', 'aws-rds-db-snapshot-not-public')?.trace[0]?.detail).toBe('shared with no other account');
  });

  it('finds the Redshift cluster open to ::/0', () => {
    const finding = find(report, 'open-warehouse', 'aws-redshift-cluster-not-reachable-from-internet');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('allows tcp port 5439 from ::/0: ::/0 admits every IPv6 address');
  });

  it('finds the DynamoDB table whose resource policy admits any principal, naming the Sid', () => {
    const finding = find(report, 'public-table', 'aws-dynamodb-table-not-publicly-accessible');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('Sid "AnyoneReads"');
    // The JSON report carries the concrete request: a signed outsider calling the granted action.
    expect(finding?.witness).toMatchObject({ path: 'signed', principal: { type: 'aws' }, action: 'dynamodb:GetItem', resource: finding?.resource.id });
    expect(find(report, 'private-table', 'aws-dynamodb-table-not-publicly-accessible')?.message).toContain('no resource policy');
  });

  it('finds the OpenSearch domain with an open policy and passes the one behind fine-grained access control', () => {
    const open = find(report, 'open-search', 'aws-opensearch-domain-not-publicly-accessible');
    expect(open?.status).toBe('fail');
    expect(open?.message).toContain('Sid "OpenSearchAll"');
    expect(open?.message).toContain('fine-grained access control is off');
    expect(open?.witness).toMatchObject({ path: 'anonymous', principal: { type: 'anonymous' } });
    const fgac = find(report, 'fgac-search', 'aws-opensearch-domain-not-publicly-accessible');
    expect(fgac?.status).toBe('pass');
    expect(fgac?.message).toContain('requires a login');
    expect(fgac?.witness).toBeUndefined();
  });

  it('describes OpenSearch domains five at a time, the API maximum', () => {
    expect(report.stats.apiCallsByOperation.DescribeDomains).toBe(2);
    expect(report.findings.filter((f) => f.resource.name.startsWith('bulk-')).map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('reads each security group once however many databases share it', () => {
    // us-east-1: one batch for the RDS instances (open-mysql is shared by two), one for Redshift's
    // group; eu-west-1: one batch. The prefix list is read once.
    expect(report.stats.apiCallsByOperation.DescribeSecurityGroups).toBe(3);
    expect(report.stats.apiCallsByOperation.GetManagedPrefixListEntries).toBe(1);
  });

  it('follows --max-public-prefix: a /12 is a known network when /8 is the limit', async () => {
    const { report: relaxed } = await scan(moto.endpoint, ['--max-public-prefix', '8'], 'relaxed.json');
    expect(find(relaxed, 'wide-range', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('pass');
    expect(find(relaxed, 'public-open', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('fail');
  }, 60_000);

  it('takes the prefix from the config file, and rejects a bad one naming the file and the key', async () => {
    const good = join(work, 'ajar.config.yaml');
    writeFileSync(good, 'network:\n  maxPublicPrefix: 8\n');
    const { report: relaxed } = await scan(moto.endpoint, ['--config', good], 'config.json');
    expect(find(relaxed, 'wide-range', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('pass');
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'network:\n  maxPublicPrefix: 33\n');
    const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--config', bad], emulatorEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(bad);
    expect(result.stderr).toContain('network.maxPublicPrefix');
  }, 60_000);

  it('rejects a bad --max-public-prefix with one line and exit 2', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--max-public-prefix', '40'], emulatorEnv());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--max-public-prefix: expected a prefix length from 0 to 32, got "40"');
  });

  it('turns AccessDenied on DescribeSecurityGroups into unknown reachability, never pass, and exit 3', async () => {
    const proxy = await startBodyFaultProxy(moto.endpoint, (body) =>
      body.includes('Action=DescribeSecurityGroups') ? { status: 403, body: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.') } : undefined,
    );
    try {
      const result = await runCli(
        ['scan', 'aws', '--endpoint', proxy.endpoint, '--regions', 'us-east-1', '--rules', 'aws-rds-instance-not-reachable-from-internet', '--format', 'json', '--output', join(work, 'denied.json')],
        emulatorEnv(),
      );
      const denied: Report = JSON.parse(readFileSync(join(work, 'denied.json'), 'utf8'));
      expect(result.code).toBe(3);
      expect(proxy.hits()).toBeGreaterThan(0);
      const finding = find(denied, 'public-open', 'aws-rds-instance-not-reachable-from-internet');
      expect(finding?.status).toBe('unknown');
      expect(finding?.unreadable?.[0]).toMatchObject({ facet: 'securityGroups', operation: 'DescribeSecurityGroups', code: 'UnauthorizedOperation' });
      expect(denied.findings.filter((f) => f.status === 'pass')).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('records a refused DescribeDBInstances as a collection error of its region and exits 3', async () => {
    const proxy = await startBodyFaultProxy(moto.endpoint, (body) =>
      body.includes('Action=DescribeDBInstances')
        ? { status: 403, body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform rds:DescribeDBInstances</Message></Error><RequestId>fault</RequestId></ErrorResponse>` }
        : undefined,
    );
    try {
      const result = await runCli(
        ['scan', 'aws', '--endpoint', proxy.endpoint, '--regions', 'us-east-1', '--rules', 'aws-rds-instance-*', '--format', 'json', '--output', join(work, 'listing.json')],
        emulatorEnv(),
      );
      const refused: Report = JSON.parse(readFileSync(join(work, 'listing.json'), 'utf8'));
      expect(result.code).toBe(3);
      expect(refused.collectionErrors).toEqual([
        { provider: 'aws', account: '123456789012', region: 'us-east-1', operation: 'rds:DescribeDBInstances', code: 'AccessDenied', message: 'not authorized to perform rds:DescribeDBInstances' },
      ]);
      expect(refused.findings).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('turns AccessDeniedException on GetResourcePolicy into unknown, and retries throttling', async () => {
    const target = (operation: string) => (req: { headers: Record<string, string | string[] | undefined> }) => req.headers['x-amz-target'] === `DynamoDB_20120810.${operation}`;
    const proxy = await startFaultProxy(moto.endpoint, [
      { match: target('GetResourcePolicy'), status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', message: 'not authorized' }) },
      { match: target('ListTables'), times: 2, status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }) },
    ]);
    try {
      const result = await runCli(
        ['scan', 'aws', '--endpoint', proxy.endpoint, '--regions', 'us-east-1', '--rules', 'aws-dynamodb-*', '--format', 'json', '--output', join(work, 'ddb.json')],
        emulatorEnv(),
      );
      const denied: Report = JSON.parse(readFileSync(join(work, 'ddb.json'), 'utf8'));
      expect(result.code).toBe(3);
      const finding = find(denied, 'public-table', 'aws-dynamodb-table-not-publicly-accessible');
      expect(finding?.status).toBe('unknown');
      expect(finding?.message).toBe('Cannot decide: GetResourcePolicy failed with AccessDeniedException.');
      // Two throttled attempts and the one that got through, all counted.
      expect(denied.stats.apiCallsByOperation.ListTables).toBe(3);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  describe('a refused ec2:DescribeRegions behind --endpoint is an incomplete scan, never "no database here"', () => {
    // EC2 error responses: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    // (UnauthorizedOperation 403; RequestLimitExceeded is EC2's throttling code, here on a 503 every time).
    const regionsRefused = async (status: number, code: string, extra: string[] = []) => {
      const proxy = await startBodyFaultProxy(moto.endpoint, (body) =>
        body.includes('Action=DescribeRegions') ? { status, body: ec2Error(code, 'refused by the fault proxy') } : undefined,
      );
      try {
        const file = `regions-${code}-${extra.length}.json`;
        const result = await runCli(['scan', 'aws', '--endpoint', proxy.endpoint, '--rules', 'aws-rds-instance-*', '--format', 'json', '--output', join(work, file), ...extra], emulatorEnv());
        return { ...result, hits: proxy.hits(), report: JSON.parse(readFileSync(join(work, file), 'utf8')) as Report };
      } finally {
        await proxy.close();
      }
    };

    it.each([
      [403, 'UnauthorizedOperation'],
      [403, 'AccessDenied'],
      [503, 'RequestLimitExceeded'],
    ])('%i %s: a collection error naming ec2:DescribeRegions and the code, exit 3', async (status, code) => {
      const { code: exit, report: refused, hits } = await regionsRefused(status, code);
      expect(exit).toBe(3);
      expect(refused.collectionErrors).toEqual([
        expect.objectContaining({ provider: 'aws', operation: 'ec2:DescribeRegions', code, message: expect.stringContaining('database services not scanned') }),
      ]);
      // Throttling is retried up to the attempt cap before it counts as a failure.
      expect(hits).toBe(status === 503 ? DEFAULT_MAX_ATTEMPTS : 1);
      expect(refused.findings).toEqual([]);
      expect(refused.coverage.ratio).toBeLessThan(1);
    }, 120_000);

    it('with --regions named, a refused probe still scans the named regions (the advice it gives holds)', async () => {
      const { code: exit, report: named } = await regionsRefused(403, 'UnauthorizedOperation', ['--regions', 'us-east-1']);
      expect(named.collectionErrors).toEqual([]);
      expect(exit).toBe(1);
      expect(find(named, 'public-open', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('fail');
    }, 60_000);

    it('an endpoint that does not serve EC2 (501 NotImplemented) is a warning, not an incomplete scan', async () => {
      const { code: exit, stderr: warned, report: unserved } = await regionsRefused(501, 'NotImplemented');
      expect(unserved.collectionErrors).toEqual([]);
      expect(warned).toContain('does not serve ec2:DescribeRegions (NotImplemented); database services not scanned there');
      expect(exit).toBe(0);
    }, 60_000);
  });

  it('makes no database call when only S3 rules are selected', async () => {
    const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--rules', 'aws-s3-*', '--format', 'json', '--output', join(work, 's3.json')], emulatorEnv());
    expect(result.stderr).toBe('');
    const s3: Report = JSON.parse(readFileSync(join(work, 's3.json'), 'utf8'));
    const operations = Object.keys(s3.stats.apiCallsByOperation);
    expect(operations).toContain('ListBuckets');
    expect(operations.filter((op) => /^(Describe(Regions|SecurityGroups|DB|Clusters|Domains)|ListTables|ListDomainNames|GetResourcePolicy|GetManagedPrefixList)/.test(op))).toEqual([]);
  }, 60_000);

  it('prints the permissions the database rules need', async () => {
    const result = await runCli(['permissions', 'aws', '--rules', DB_RULES], emulatorEnv());
    expect(result.code).toBe(0);
    const actions: string[] = JSON.parse(result.stdout).Statement[0].Action;
    for (const action of [
      'ec2:DescribeRegions',
      'ec2:DescribeSecurityGroups',
      'ec2:GetManagedPrefixListEntries',
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeDBSnapshots',
      'rds:DescribeDBSnapshotAttributes',
      'rds:DescribeDBClusterSnapshots',
      'rds:DescribeDBClusterSnapshotAttributes',
      'redshift:DescribeClusters',
      'dynamodb:ListTables',
      'dynamodb:GetResourcePolicy',
      'es:ListDomainNames',
      'es:DescribeDomains',
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('enumerates the enabled regions with ec2:DescribeRegions when none are named, and runs them in parallel', async () => {
    const clients = new AwsClients({ endpoint: moto.endpoint, defaultRegion: 'us-east-1', concurrency: 16, credentials: async () => EMULATOR_CREDENTIALS });
    const found: AwsDbResource[] = [];
    const errors: CollectionError[] = [];
    try {
      await collectAwsDatabases({
        clients,
        account: '123456789012',
        plan: new Map<AwsDbType, ReadonlySet<string>>([['aws.rds.instance', new Set(['instance'])]]),
        regions: [],
        defaultRegion: 'us-east-1',
        limit: pLimit(16),
        onError: (e) => errors.push(e),
        warn: () => {},
        emit: (r) => found.push(r),
      });
    } finally {
      clients.destroy();
    }
    expect(errors).toEqual([]);
    expect(clients.counter.byOperation.get('DescribeRegions')).toBe(1);
    // One DescribeDBInstances per region moto reports, and instances from both seeded regions.
    expect(clients.counter.byOperation.get('DescribeDBInstances')).toBeGreaterThan(10);
    expect(new Set(found.map((r) => r.ref.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
  }, 120_000);

  it('refuses a mutating RDS call before it is sent', async () => {
    const clients = new AwsClients({ endpoint: moto.endpoint, defaultRegion: 'us-east-1', concurrency: 2, credentials: async () => EMULATOR_CREDENTIALS });
    try {
      await expect(rdsClient(clients, 'us-east-1').send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'public-open', DBSnapshotIdentifier: 'should-not-exist' }))).rejects.toBeInstanceOf(MutatingCallRefused);
      expect(clients.counter.total).toBe(0);
    } finally {
      clients.destroy();
    }
    const check = new RDSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: EMULATOR_CREDENTIALS });
    const out = await check.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'should-not-exist' })).catch((e: Error) => e);
    check.destroy();
    expect((out as Error).name).toBe('DBSnapshotNotFoundFault');
  });

  it('seeds the demo database estate and finds the VTech-like database exposed', async () => {
    const lines = await seedAwsDbDemo(moto.endpoint);
    expect(lines[0]).toContain('learning-lodge-db');
    const { report: demo } = await scan(moto.endpoint, [], 'demo.json');
    expect(find(demo, 'learning-lodge-db', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('fail');
    expect(find(demo, 'reporting-replica', 'aws-rds-instance-not-reachable-from-internet')?.status).toBe('pass');
    expect(find(demo, 'kids-profiles-2015', 'aws-rds-db-snapshot-not-public')?.status).toBe('fail');
    expect(find(demo, 'parent-accounts', 'aws-dynamodb-table-not-publicly-accessible')?.status).toBe('fail');
    expect(find(demo, 'app-logs', 'aws-opensearch-domain-not-publicly-accessible')?.status).toBe('fail');
  }, 60_000);
});
