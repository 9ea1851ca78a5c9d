/**
 * The little SQL surface both stores offer the shared logic in store.ts: statements are written
 * once with `?` placeholders (the PostgreSQL backend numbers them), timestamps go in and come out
 * as ISO strings, and every write happens inside `transaction`, which holds the scope locks.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface Sql {
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
}

export interface SqlBackend extends Sql {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one write transaction. `lockKeys` name the scopes being written: scans of the
   * same scope take turns, scans of different scopes only share row-level locks (PostgreSQL) or
   * wait for each other's short write transaction (SQLite), and neither loses rows.
   */
  transaction<T>(lockKeys: readonly string[], fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Column values as the logic expects them: ISO strings for times, numbers for counts. */
export const iso = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

export const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
