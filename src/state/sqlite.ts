/**
 * The embedded store: one SQLite file through `node:sqlite` (built into Node, no native build).
 * WAL lets `ajar history` read while a scan writes; writers take the database lock up front
 * (BEGIN IMMEDIATE) and wait for each other through busy_timeout instead of failing, so two
 * scans finishing together both land.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Row, Sql, SqlBackend, SqlValue } from './sql.ts';

/** How long a writer waits for another scan's transaction before giving up. */
const BUSY_TIMEOUT_MS = 60_000;

let sqlite: typeof import('node:sqlite') | undefined;

/**
 * Loads node:sqlite on first use only, so a scan without --state never touches it, and without
 * the "experimental feature" warning Node 22 prints for it (Node 24 prints none).
 */
async function loadSqlite(): Promise<typeof import('node:sqlite')> {
  if (sqlite) return sqlite;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    sqlite = await import('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  return sqlite;
}

export class SqliteBackend implements SqlBackend {
  readonly dialect = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private inTransaction = false;

  private constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.exec('PRAGMA foreign_keys = ON');
    // WAL is a property of the file: the first opener sets it, later ones see it.
    this.db.exec('PRAGMA journal_mode = WAL');
  }

  static async open(path: string): Promise<SqliteBackend> {
    const { DatabaseSync } = await loadSqlite();
    const db = new DatabaseSync(path);
    try {
      return new SqliteBackend(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    if (params.length === 0) this.db.exec(sql);
    else this.db.prepare(sql).run(...params);
  }

  async transaction<T>(_lockKeys: readonly string[], fn: (tx: Sql) => Promise<T>): Promise<T> {
    // SQLite has one writer at a time: the whole file is the lock, whatever the scope.
    if (this.inTransaction) throw new Error('nested state-store transaction');
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    try {
      const result = await fn(this);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
