import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { AppError } from '../../errors/app-error.ts';
import type { QueryRunner, SqlRow, SqlValue } from '../../query/query-runner.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { timestampValue } from './row-values.ts';

const toDuckDb = (v: SqlValue): DuckDBValue =>
  v instanceof Date ? timestampValue(v) : Array.isArray(v) ? listValue(v) : v;

/** Analytics SQL on a read connection, interrupted (not merely abandoned) when it outlives its budget. */
export class DuckDbQueryRunner implements QueryRunner {
  readonly dialect = 'duckdb' as const;

  constructor(private readonly db: DuckDbDatabase) {}

  run(sql: string, params: SqlValue[], options: { timeoutMs: number }): Promise<SqlRow[]> {
    return this.db.withReader(async (connection) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, options.timeoutMs);
      try {
        const reader = await connection.runAndReadAll(sql, params.map(toDuckDb));
        return reader.getRowObjectsJS() as SqlRow[];
      } catch (error) {
        if (timedOut)
          throw new AppError(
            'QUERY_TIMEOUT',
            `The query ran longer than ${options.timeoutMs} ms and was stopped.`,
          );
        throw error;
      } finally {
        clearTimeout(timer);
      }
    });
  }
}
