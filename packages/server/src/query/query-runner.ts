/** A value bound to a `$n` placeholder; adapters map Date to their timestamp type and arrays to lists. */
export type SqlValue = string | number | boolean | null | Date | string[];

export type SqlRow = Record<string, unknown>;

export interface RunOptions {
  timeoutMs: number;
  /**
   * Read at most `maxRows + 1` rows and drop the rest unread, so a caller can tell "too many" without the
   * whole result ever reaching the JS heap.
   */
  maxRows?: number;
}

/** The SQL dialect a runner speaks; the query service compiles for it. */
export type RunnerDialect = 'duckdb' | 'clickhouse';

/**
 * The port the query engine executes analytics SQL through (DuckDB, or ClickHouse in distributed mode). `timeoutMs` must interrupt the
 * statement, not just stop waiting for it, and reject with a QUERY_TIMEOUT AppError.
 */
export interface QueryRunner {
  readonly dialect: RunnerDialect;
  run(sql: string, params: SqlValue[], options: RunOptions): Promise<SqlRow[]>;
}
