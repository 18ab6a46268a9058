import type { ClickHouseClient } from '@clickhouse/client';
import type { QueryRunner, RunOptions, SqlRow, SqlValue } from '../../query/query-runner.ts';
import { clickHouseFailure } from './clickhouse-errors.ts';
import { toClickHouseParams } from './clickhouse-params.ts';

// Past the server's own limit, the client stops waiting: the server may be unreachable mid-answer.
const CLIENT_GRACE_MS = 2_000;

/**
 * Analytics SQL on ClickHouse. The server enforces the budget (`max_execution_time` stops the statement,
 * not just the wait) and the row bound (`result_overflow_mode = break` stops producing rows once enough
 * were made). LEFT JOINs yield NULL for a missing side, as the compilers (and DuckDB) expect.
 */
export class ClickHouseQueryRunner implements QueryRunner {
  readonly dialect = 'clickhouse' as const;

  constructor(private readonly client: ClickHouseClient) {}

  async run(sql: string, values: SqlValue[], options: RunOptions): Promise<SqlRow[]> {
    const { query, params } = toClickHouseParams(sql, values);
    const limit = options.maxRows === undefined ? undefined : options.maxRows + 1;
    try {
      const result = await this.client.query({
        query,
        query_params: params,
        format: 'JSONEachRow',
        abort_signal: AbortSignal.timeout(options.timeoutMs + CLIENT_GRACE_MS),
        clickhouse_settings: {
          join_use_nulls: 1,
          max_execution_time: Math.max(0.001, options.timeoutMs / 1000),
          timeout_overflow_mode: 'throw',
          output_format_json_quote_64bit_integers: 0,
          ...(limit === undefined ? {} : { max_result_rows: String(limit), result_overflow_mode: 'break' }),
        },
      });
      const rows = await result.json<SqlRow>();
      return limit !== undefined && rows.length > limit ? rows.slice(0, limit) : rows;
    } catch (error) {
      throw clickHouseFailure(error, options.timeoutMs);
    }
  }
}
