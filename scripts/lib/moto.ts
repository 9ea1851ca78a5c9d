/**
 * moto (the AWS emulator, from PyPI) for the tests and the demo: installed once into a virtualenv
 * under .cache/moto at a pinned version by the setup step (ensureMoto), and started in server mode
 * on a free loopback port (startMoto, which only checks that the install is there).
 * Anything that goes wrong here throws with moto's own output, so a test that cannot reach its
 * emulator fails loudly instead of skipping.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { EMULATOR_CREDENTIALS } from './aws-seed.ts';
import { notInstalled } from './setup-hint.ts';

export const MOTO_VERSION = '5.2.5';
const ROOT = resolve(import.meta.dirname, '../..');
const VENV = join(ROOT, '.cache/moto');
const MOTO_SERVER = join(VENV, 'bin/moto_server');
const PYTHON = join(VENV, 'bin/python');

function installedVersion(): string | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const probe = spawnSync(PYTHON, ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** Creates the virtualenv and installs the pinned moto[server] when it is not there yet. */
export function ensureMoto(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (installedVersion() === MOTO_VERSION && existsSync(MOTO_SERVER)) return;
  log(`installing moto[server]==${MOTO_VERSION} into .cache/moto (once)`);
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', VENV]],
    [join(VENV, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`moto setup failed: ${command} ${args.join(' ')} exited ${result.status ?? result.error?.message}`);
  }
}

/** The pinned moto_server, or an error naming the setup command: a test never installs moto. */
export function requireMoto(): string {
  if (installedVersion() !== MOTO_VERSION || !existsSync(MOTO_SERVER)) throw notInstalled(`moto[server]==${MOTO_VERSION} (.cache/moto)`);
  return MOTO_SERVER;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningMoto {
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startMoto(): Promise<RunningMoto> {
  const server = requireMoto();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode} before answering:\n${output}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not answer on ${endpoint} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await warmUp(endpoint);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * moto imports a service's backend on its first request, which for EC2 and RDS takes seconds on a
 * loaded machine. A scan with the default rules reads the database services too, so the imports
 * are done here, inside the caller's setup time, instead of inside the first test's timeout.
 */
async function warmUp(endpoint: string): Promise<void> {
  const config = { region: 'us-east-1', endpoint, credentials: EMULATOR_CREDENTIALS };
  const clients = [new EC2Client(config), new RDSClient(config), new RedshiftClient(config), new DynamoDBClient(config), new OpenSearchClient(config)] as const;
  try {
    await Promise.all([
      clients[0].send(new DescribeRegionsCommand({})),
      clients[1].send(new DescribeDBInstancesCommand({})),
      clients[2].send(new DescribeClustersCommand({})),
      clients[3].send(new ListTablesCommand({})),
      clients[4].send(new ListDomainNamesCommand({})),
    ]);
  } finally {
    for (const client of clients) client.destroy();
  }
}
