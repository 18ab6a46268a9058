/** A value bound to a `$n` placeholder; adapters map Date to their timestamp type and arrays to lists. */
export type SqlValue = string | number | boolean | null | Date | string[];

export type SqlRow = Record<string, unknown>;

/**
 * The port the query engine executes analytics SQL through (DuckDB today). `timeoutMs` must interrupt the
 * statement, not just stop waiting for it, and reject with a QUERY_TIMEOUT AppError.
 */
export interface QueryRunner {
  readonly dialect: 'duckdb';
  run(sql: string, params: SqlValue[], options: { timeoutMs: number }): Promise<SqlRow[]>;
}
