/**
 * A throwaway PostgreSQL server for the tests: initdb into a temp directory, pg_ctl start on a
 * free loopback port (unix socket in the same directory, trust auth), and stop + remove. Uses the
 * server binaries Debian's `postgresql` package installs (scripts/setup-system.sh installs it).
 * PostgreSQL refuses to run as root, so as root the server runs as `nobody`. Anything that goes
 * wrong throws with the server's own output: a test never skips for want of a database.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from './moto.ts';
import { notInstalled } from './setup-hint.ts';

/** The directory holding initdb and pg_ctl: $AJAR_PG_BIN, Debian's newest, or pg_ctl on PATH. */
export function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.AJAR_PG_BIN) candidates.push(process.env.AJAR_PG_BIN);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(dirname(realpathSync(onPath)));
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  // AJAR_PG_BIN points at other server binaries when Debian's are not wanted.
  if (!found) throw notInstalled('PostgreSQL server (initdb, pg_ctl from Debian postgresql, or $AJAR_PG_BIN)');
  return found;
}

export interface RunningPostgres {
  /** postgres://ajar@127.0.0.1:<port>/postgres (trust auth, superuser `ajar`). */
  url: string;
  port: number;
  /** Creates a fresh database and returns its URL. */
  database: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

const NOBODY = { uid: 65534, gid: 65534 };

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'ajar-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(root, NOBODY.uid, NOBODY.gid);
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const run = (tool: string, args: string[]) => {
    const options: SpawnSyncOptions = { encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' }, ...(asRoot ? NOBODY : {}) };
    const result = spawnSync(join(bin, tool), args, options);
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed (${result.status ?? result.error?.message}):\n${result.stdout}${result.stderr}${serverLog}`);
    }
  };
  run('initdb', ['-D', data, '-U', 'ajar', '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']);
  const url = `postgres://ajar@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async database(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://ajar@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
