/**
 * The shared store for pipelines: PostgreSQL through `pg`. A scan's write transaction first takes
 * a transaction-scoped advisory lock per scope it writes (sorted, so two scans never wait on each
 * other in a cycle): scans of the same account take turns, scans of different accounts run side
 * by side and touch disjoint rows, which they upsert one by one.
 */
import pg from 'pg';
import type { Row, Sql, SqlBackend, SqlValue } from './sql.ts';

/** `?` placeholders numbered for PostgreSQL; the shared statements never hold a literal `?`. */
export const numberPlaceholders = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export class PostgresBackend implements SqlBackend {
  readonly dialect = 'postgres' as const;
  private readonly client: pg.Client;

  private constructor(client: pg.Client) {
    this.client = client;
  }

  static async connect(url: string, connectTimeoutMs = 10_000): Promise<PostgresBackend> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'ajar' });
    // An idle connection the server drops would otherwise be an unhandled 'error' event.
    client.on('error', () => {});
    await client.connect();
    return new PostgresBackend(client);
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.client.query(numberPlaceholders(sql), params as SqlValue[]);
    return result.rows as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.client.query(numberPlaceholders(sql), params as SqlValue[]);
  }

  async transaction<T>(lockKeys: readonly string[], fn: (tx: Sql) => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      for (const key of [...new Set(lockKeys)].sort()) {
        await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      }
      const result = await fn(this);
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
