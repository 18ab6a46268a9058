import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ClickHouseClient, Row } from '@clickhouse/client';
import type {
  EventCursor,
  EventExportFilter,
  EventExportStore,
  ExportRow,
} from '../../exports/event-export-store.ts';
import { clickHouseDialect } from '../../query/dialects/clickhouse-dialect.ts';
import { clickHouseFailure } from './clickhouse-errors.ts';
import { clickHouseTime } from './clickhouse-rows.ts';
import { type ClickHouseTopology, quoteIdentifier } from './clickhouse-topology.ts';

const TIME = "DateTime64(6, 'UTC')";
// The missing side of the overrides join must read NULL (not the zero UUID) for coalesce to fall through.
const SETTINGS = { join_use_nulls: 1 } as const;

interface ExportSql {
  query: string;
  params: Record<string, unknown>;
}

/** The filtered events, once each (FINAL), with person merges resolved; `typed` keeps times and JSON native. */
function exportSql(db: string, f: EventExportFilter, typed: boolean): ExportSql {
  const params: Record<string, unknown> = { project: f.projectId };
  const where = ['e.project_id = {project:Int64}'];
  if (f.after) {
    params.after = clickHouseTime(f.after);
    where.push(`e.timestamp >= {after:${TIME}}`);
  }
  if (f.before) {
    params.before = clickHouseTime(f.before);
    where.push(`e.timestamp < {before:${TIME}}`);
  }
  if (f.event !== undefined) {
    params.event = f.event;
    where.push('e.event = {event:String}');
  }
  const time = (column: string) =>
    typed ? `e.${column} AS ${column}` : `${clickHouseDialect.isoTime(`e.${column}`, 'ms')} AS ${column}`;
  const query = `SELECT toString(e.uuid) AS uuid, e.event AS event, e.distinct_id AS distinct_id,
      toString(coalesce(o.person_id, e.person_id)) AS person_id, ${time('timestamp')}, ${time('created_at')},
      e.properties AS properties
    FROM ${db}.events AS e FINAL
    LEFT JOIN (SELECT old_person_id, argMax(person_id, version) AS person_id FROM ${db}.person_overrides
      WHERE project_id = {project:Int64} GROUP BY old_person_id) AS o ON o.old_person_id = e.person_id
    WHERE ${where.join(' AND ')}`;
  return { query, params };
}

/**
 * Raw exports from ClickHouse: the rows arrive as the server sends them (the client's stream, one HTTP
 * chunk of rows at a time), so an export holds at most a chunk whatever its size; Parquet is written by
 * ClickHouse itself and piped to the file. Rows are the DuckDB store's, in no defined order on either engine.
 */
export class ClickHouseEventExportStore implements EventExportStore {
  private readonly db: string;

  constructor(
    private readonly client: ClickHouseClient,
    topology: ClickHouseTopology,
  ) {
    this.db = quoteIdentifier(topology.database);
  }

  async count(filter: EventExportFilter): Promise<number> {
    const { query, params } = exportSql(this.db, filter, false);
    try {
      const result = await this.client.query({
        query: `SELECT count() AS n FROM (${query})`,
        query_params: params,
        format: 'JSONEachRow',
        clickhouse_settings: { ...SETTINGS, output_format_json_quote_64bit_integers: 0 },
      });
      const rows = await result.json<{ n: number }>();
      return Number(rows[0]?.n ?? 0);
    } catch (error) {
      throw clickHouseFailure(error);
    }
  }

  async open(filter: EventExportFilter): Promise<EventCursor> {
    const { query, params } = exportSql(this.db, filter, false);
    const abort = new AbortController();
    const result = await this.client
      .query({
        query,
        query_params: params,
        format: 'JSONCompactStringsEachRow',
        abort_signal: abort.signal,
        clickhouse_settings: SETTINGS,
      })
      .catch((error: unknown) => {
        throw clickHouseFailure(error);
      });
    const stream = result.stream();
    // The client types its stream as a plain Readable; in object mode it yields arrays of rows.
    const chunks = (stream as AsyncIterable<Row<ExportRow, 'JSONCompactStringsEachRow'>[]>)[
      Symbol.asyncIterator
    ]();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      // Aborting the request makes ClickHouse cancel the query instead of computing rows nobody reads.
      abort.abort();
      stream.destroy();
    };
    return {
      async next(): Promise<ExportRow[] | undefined> {
        if (closed) return undefined;
        try {
          const chunk = await chunks.next();
          if (chunk.done) {
            close();
            return undefined;
          }
          return chunk.value.map((row) => row.json());
        } catch (error) {
          close();
          throw clickHouseFailure(error);
        }
      },
      close,
    };
  }

  async writeParquet(filter: EventExportFilter, file: string): Promise<number> {
    const { query, params } = exportSql(this.db, filter, true);
    try {
      // wait_end_of_query: the summary header (with the row count) is sent once the whole result is made.
      const result = await this.client.exec({
        query: `${query} FORMAT Parquet`,
        query_params: params,
        clickhouse_settings: { ...SETTINGS, wait_end_of_query: 1 },
      });
      await pipeline(result.stream, createWriteStream(file));
      return Number(result.summary?.result_rows ?? Number.NaN);
    } catch (error) {
      throw clickHouseFailure(error);
    }
  }
}
