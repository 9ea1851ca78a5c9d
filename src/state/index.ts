/**
 * Opens the state store a URL names, bringing its schema up to date. Anything that stops that
 * (no such directory, not a database, nothing listening, wrong password, a schema from a newer
 * ajar) is a one-line usage error before any cloud API is called.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../cli/errors.ts';
import { migrate } from './migrations.ts';
import type { SqlBackend } from './sql.ts';
import { SqliteBackend } from './sqlite.ts';
import { StateStore } from './store.ts';
import { parseStateUrl, type StateLocation } from './url.ts';

export { parseStateUrl, StateStore, type StateLocation };

const reasonOf = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  // pg reports a refused connection to every resolved address as an AggregateError.
  const inner = e.errors?.[0] as (NodeJS.ErrnoException | undefined);
  const code = e.code ?? inner?.code;
  const message = (e.message || inner?.message || String(error)).replace(/\s*\n\s*/g, ' ');
  return code && !message.includes(code) ? `${code}: ${message}` : message;
};

/** `mustExist`: for readers (`ajar history`), a SQLite file that is not there is an error, not a new store. */
export async function openStateStore(location: StateLocation, options: { mustExist?: boolean } = {}): Promise<StateStore> {
  let backend: SqlBackend | undefined;
  try {
    if (location.kind === 'sqlite') {
      const dir = dirname(location.path);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`directory ${dir} does not exist`);
      if (options.mustExist && !existsSync(location.path)) throw new Error('no such file: `ajar scan --state` creates it');
      backend = await SqliteBackend.open(location.path);
    } else {
      // pg is loaded only when a PostgreSQL store is named: a scan without one does not pay for it.
      const { PostgresBackend } = await import('./postgres.ts');
      backend = await PostgresBackend.connect(location.url);
    }
    await migrate(backend);
    return new StateStore(backend, location.label);
  } catch (error) {
    await backend?.close().catch(() => {});
    throw new UsageError(`state store ${location.label}: cannot open it (${reasonOf(error)})`);
  }
}
