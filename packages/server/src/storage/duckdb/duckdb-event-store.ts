import path from 'node:path';
import type { GroupColumns, StoredEvent } from '../../events/event.ts';
import type { EventQuery, EventStore } from '../../events/event-store.ts';
import type { DedupSnapshotPlace } from '../../ingestion/dedup-snapshot.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { date, num, props, str, timestampValue } from './row-values.ts';

function toEvent(row: Row): StoredEvent {
  return {
    uuid: str(row, 'uuid'),
    projectId: num(row, 'project_id'),
    event: str(row, 'event'),
    distinctId: str(row, 'distinct_id'),
    personId: str(row, 'person_id'),
    timestamp: date(row, 'timestamp'),
    createdAt: date(row, 'created_at'),
    properties: props(row, 'properties'),
    groups: [0, 1, 2, 3, 4].map((i) => str(row, `group_${i}`)) as GroupColumns,
  };
}

/** Bound parameters per look-up of stored uuids (a commit holds up to SIGNPOST_MAX_COMMIT_EVENTS). */
const STORED_UUIDS_PER_QUERY = 2_000;

export class DuckDbEventStore implements EventStore {
  /** The dedup window between a clean stop and the next start (see ingestion/dedup-snapshot.ts). */
  readonly dedupSnapshot: DedupSnapshotPlace | undefined;

  constructor(
    private readonly db: DuckDbDatabase,
    dataDir?: string,
  ) {
    this.dedupSnapshot = dataDir
      ? {
          file: path.join(dataDir, 'dedup-window.snapshot'),
          // The row count is kept by DuckDB, not scanned: any event stored or deleted since the save changes it.
          marker: async () => {
            const [row] = await this.db.query('SELECT count(*)::BIGINT AS n FROM events');
            return `events:${String(row?.n)}`;
          },
        }
      : undefined;
  }

  async listEvents(q: EventQuery): Promise<StoredEvent[]> {
    const params: Parameters<DuckDbDatabase['query']>[1] = [q.projectId];
    const where = ['project_id = $1'];
    const bind = (value: (typeof params)[number]) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (q.event !== undefined) where.push(`event = ${bind(q.event)}`);
    if (q.distinctIds !== undefined) {
      where.push(`distinct_id IN (${q.distinctIds.map((d) => bind(d)).join(', ') || 'NULL'})`);
    }
    // The column name comes from a 0–4 index, never from the request's text.
    if (q.group) where.push(`group_${q.group.index} = ${bind(q.group.key)}`);
    if (q.after) where.push(`timestamp > ${bind(timestampValue(q.after))}`);
    if (q.before) where.push(`timestamp < ${bind(timestampValue(q.before))}`);
    const limit = bind(q.limit);
    const offset = bind(q.offset);
    const rows = await this.db.query(
      `SELECT project_id, uuid::VARCHAR AS uuid, event, distinct_id, person_id::VARCHAR AS person_id, timestamp,
              created_at, properties, group_0, group_1, group_2, group_3, group_4
       FROM events WHERE ${where.join(' AND ')}
       ORDER BY timestamp DESC, uuid DESC LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return rows.map(toEvent);
  }

  async recentEventUuids(limit: number): Promise<string[]> {
    if (limit === 0) return [];
    const rows = await this.db.query(
      `SELECT project_id || ':' || uuid::VARCHAR AS k FROM events ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => str(r, 'k'));
  }

  /** Streamed on a connection of its own: the pool's readers stay free for queries while a window loads. */
  async *recentEventUuidPages(limit: number): AsyncIterable<string[]> {
    if (limit === 0) return;
    const connection = await this.db.connect();
    try {
      const result = await this.db.guard(() =>
        connection.stream(
          `SELECT project_id || ':' || uuid::VARCHAR AS k FROM events ORDER BY created_at DESC LIMIT $1`,
          [limit],
        ),
      );
      for (;;) {
        const chunk = await this.db.guard(() => result.fetchChunk());
        if (!chunk || chunk.rowCount === 0) return;
        yield chunk.getColumns()[0] as string[];
      }
    } finally {
      this.db.disconnect(connection);
    }
  }

  async storedEventUuids(projectId: number, uuids: string[]): Promise<string[]> {
    const found: string[] = [];
    for (let from = 0; from < uuids.length; from += STORED_UUIDS_PER_QUERY) {
      const part = uuids.slice(from, from + STORED_UUIDS_PER_QUERY);
      const rows = await this.db.query(
        `SELECT uuid::VARCHAR AS uuid FROM events
         WHERE project_id = $1 AND uuid IN (${part.map((_, i) => `$${i + 2}::UUID`).join(', ')})`,
        [projectId, ...part],
      );
      for (const r of rows) found.push(str(r, 'uuid'));
    }
    return found;
  }
}
