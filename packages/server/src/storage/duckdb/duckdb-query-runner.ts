import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { AppError } from '../../errors/app-error.ts';
import { AdmissionGate } from '../../query/admission-gate.ts';
import type { QueryRunner, RunOptions, SqlRow, SqlValue } from '../../query/query-runner.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { timestampValue } from './row-values.ts';

const toDuckDb = (v: SqlValue): DuckDBValue =>
  v instanceof Date ? timestampValue(v) : Array.isArray(v) ? listValue(v) : v;

const timeout = (ms: number) =>
  new AppError('QUERY_TIMEOUT', `The query ran longer than ${ms} ms and was stopped.`);

/**
 * Analytics SQL on a read connection, interrupted (not merely abandoned) when it outlives its budget. At most
 * `concurrency` statements run at once (the rest wait their turn, the wait counted in their budget), so a
 * dashboard's tiles cannot take every core from `/flags` at the same time (bench/flags-http/isolation-run.ts).
 */
export class DuckDbQueryRunner implements QueryRunner {
  readonly dialect = 'duckdb' as const;
  private readonly gate: AdmissionGate;

  constructor(
    private readonly db: DuckDbDatabase,
    concurrency = Number.POSITIVE_INFINITY,
  ) {
    this.gate = new AdmissionGate(concurrency);
  }

  run(sql: string, params: SqlValue[], options: RunOptions): Promise<SqlRow[]> {
    const deadline = performance.now() + options.timeoutMs;
    return this.gate.run(() => {
      const left = Math.round(deadline - performance.now());
      if (left <= 0) return Promise.reject(timeout(options.timeoutMs));
      return this.runNow(sql, params, { ...options, timeoutMs: left }, options.timeoutMs);
    });
  }

  private runNow(sql: string, params: SqlValue[], options: RunOptions, budgetMs: number): Promise<SqlRow[]> {
    return this.db.withReader(async (connection) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, options.timeoutMs);
      try {
        const values = params.map(toDuckDb);
        if (options.maxRows === undefined)
          return (await connection.runAndReadAll(sql, values)).getRowObjectsJS() as SqlRow[];
        // Streamed, so DuckDB stops producing rows once enough were read instead of materialising them all.
        const limit = options.maxRows + 1;
        const reader = await connection.streamAndReadUntil(sql, limit, values);
        const rows = reader.getRowObjectsJS() as SqlRow[];
        // An unfinished stream keeps its transaction open on the pooled connection; the next statement on
        // the connection is what closes it, so run one now rather than whenever the connection is reused.
        if (!reader.done) await connection.run('SELECT 1');
        return rows.length > limit ? rows.slice(0, limit) : rows;
      } catch (error) {
        if (timedOut) throw timeout(budgetMs);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    });
  }
}
