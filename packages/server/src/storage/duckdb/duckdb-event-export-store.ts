import type { DuckDBValue } from '@duckdb/node-api';
import type {
  EventCursor,
  EventExportFilter,
  EventExportStore,
  ExportRow,
} from '../../exports/event-export-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { timestampValue } from './row-values.ts';

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

/** The filtered events with the person id merges resolved, every column as text. */
function exportSql(f: EventExportFilter): { sql: string; params: DuckDBValue[] } {
  const params: DuckDBValue[] = [f.projectId];
  const where = ['e.project_id = $1'];
  const bind = (clause: string, value: DuckDBValue) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (f.after) bind('e.timestamp >= ?', timestampValue(f.after));
  if (f.before) bind('e.timestamp < ?', timestampValue(f.before));
  if (f.event !== undefined) bind('e.event = ?', f.event);
  const sql = `WITH o AS (SELECT old_person_id, arg_max(person_id, version) AS person_id
      FROM person_overrides WHERE project_id = $1 GROUP BY old_person_id)
    SELECT e.uuid::VARCHAR AS uuid, e.event, e.distinct_id, coalesce(o.person_id, e.person_id)::VARCHAR AS person_id,
      strftime(e.timestamp, ${ISO}) AS timestamp, strftime(e.created_at, ${ISO}) AS created_at,
      e.properties::VARCHAR AS properties
    FROM events e LEFT JOIN o ON o.old_person_id = e.person_id
    WHERE ${where.join(' AND ')}`;
  return { sql, params };
}

/**
 * Raw exports on a connection of their own, so a long download never holds one of the pool's readers that
 * insight queries wait for. DuckDB's streaming result hands over one vector (2,048 rows) per fetch.
 */
export class DuckDbEventExportStore implements EventExportStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async count(filter: EventExportFilter): Promise<number> {
    const { sql, params } = exportSql(filter);
    const rows = await this.db.query(`SELECT count(*) AS n FROM (${sql})`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async open(filter: EventExportFilter): Promise<EventCursor> {
    const { sql, params } = exportSql(filter);
    const connection = await this.db.connect();
    let closed = false;
    let pending: Promise<unknown> = Promise.resolve();
    // Closing under a fetch in flight is not safe: interrupt it, and close once it has settled.
    const close = () => {
      if (closed) return;
      closed = true;
      connection.interrupt();
      void pending.catch(() => undefined).finally(() => this.db.disconnect(connection));
    };
    try {
      const result = await this.db.guard(() => connection.stream(sql, params));
      const db = this.db;
      return {
        async next() {
          if (closed) return undefined;
          const fetching = db.guard(() => result.fetchChunk());
          pending = fetching;
          const chunk = await fetching;
          if (!chunk || chunk.rowCount === 0) {
            close();
            return undefined;
          }
          return chunk.getRows() as ExportRow[];
        },
        close,
      };
    } catch (error) {
      close();
      throw error;
    }
  }

  async writeParquet(filter: EventExportFilter, file: string): Promise<number> {
    const { sql, params } = exportSql(filter);
    const typed = sql
      .replace(`strftime(e.timestamp, ${ISO}) AS timestamp`, 'e.timestamp')
      .replace(`strftime(e.created_at, ${ISO}) AS created_at`, 'e.created_at')
      .replace('e.properties::VARCHAR AS properties', 'e.properties');
    const quoted = file.replaceAll("'", "''");
    const connection = await this.db.connect();
    try {
      const result = await this.db.guard(() =>
        connection.run(`COPY (${typed}) TO '${quoted}' (FORMAT parquet, COMPRESSION zstd)`, params),
      );
      return Number(result.rowsChanged);
    } finally {
      this.db.disconnect(connection);
    }
  }
}
