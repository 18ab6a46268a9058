import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import type { StoredEvent } from '../../events/event.ts';
import type { IdentityVisitor, IngestionStore, WriteSet } from '../../ingestion/write-set.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { num, timestampValue } from './row-values.ts';

async function append(
  connection: DuckDBConnection,
  table: string,
  rows: number,
  write: (appender: DuckDBAppender, index: number) => void,
): Promise<void> {
  if (rows === 0) return;
  const appender = await connection.createAppender(table);
  try {
    for (let i = 0; i < rows; i++) {
      write(appender, i);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

// Events are the bulk of every commit: filled column by column into DataChunks, they cost the main thread
// 10-15% less than the row appender's one call per value (bench/ingest, RESULTS.md).
const GROUP_COLUMNS = 5;
const EVENT_TYPES = [
  ...[INTEGER, VARCHAR, VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, TIMESTAMP, VARCHAR],
  ...Array.from({ length: GROUP_COLUMNS }, () => VARCHAR),
];
const CHUNK_ROWS = 2048;
const eventColumns: ((e: StoredEvent) => DuckDBValue)[] = [
  (e) => e.projectId,
  (e) => e.uuid,
  (e) => e.event,
  (e) => e.distinctId,
  (e) => e.personId,
  (e) => timestampValue(e.timestamp),
  (e) => timestampValue(e.createdAt),
  (e) => JSON.stringify(e.properties),
  ...Array.from({ length: GROUP_COLUMNS }, (_, g) => (e: StoredEvent) => e.groups[g] ?? ''),
];

async function appendEvents(connection: DuckDBConnection, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const appender = await connection.createAppender('events');
  try {
    for (let from = 0; from < events.length; from += CHUNK_ROWS) {
      // Filling chunks is synchronous work on the main thread; between chunks /flags gets its turn. The write
      // connection is held by this transaction alone, so nothing can slip into it meanwhile.
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const rows = Math.min(CHUNK_ROWS, events.length - from);
      const chunk = DuckDBDataChunk.create(EVENT_TYPES, rows);
      eventColumns.forEach((value, column) => {
        const vector = chunk.getColumnVector(column);
        for (let i = 0; i < rows; i++) vector.setItem(i, value(events[from + i] as StoredEvent));
        vector.flush();
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

// DuckDB's own error classes for a value it cannot take; I/O, "database invalidated" and the like are the store's.
const DATA_ERROR = /^(Conversion|Invalid Input|Constraint|Out of Range|Mismatch Type) Error/i;

/** Writes a group commit with appenders inside one transaction; DuckDB syncs its WAL on COMMIT. */
export class DuckDbIngestionStore implements IngestionStore {
  constructor(private readonly db: DuckDbDatabase) {}

  isDataError(error: unknown): boolean {
    return error instanceof Error && DATA_ERROR.test(error.message);
  }

  commit(ws: WriteSet): Promise<void> {
    return this.db.transaction(async (c) => {
      await appendEvents(c, ws.events);
      await append(c, 'persons', ws.persons.length, (a, i) => {
        const { person: p, deleted } = ws.persons[i]!;
        a.appendInteger(p.projectId);
        a.appendVarchar(p.id);
        a.appendTimestamp(timestampValue(p.createdAt));
        a.appendVarchar(JSON.stringify(p.properties));
        a.appendBoolean(p.isIdentified);
        a.appendBoolean(deleted);
        a.appendBigInt(BigInt(p.version));
      });
      await append(c, 'person_distinct_ids', ws.distinctIds.length, (a, i) => {
        const d = ws.distinctIds[i]!;
        a.appendInteger(d.projectId);
        a.appendVarchar(d.distinctId);
        a.appendVarchar(d.personId);
        a.appendBigInt(BigInt(d.version));
      });
      // Events carry the deterministic person id of their distinct id until it is mapped elsewhere; from then
      // on the override sends queries to the mapped person, so a merge never rewrites events.
      const overrides = ws.distinctIds.filter((d) => d.personId !== personIdFor(d.projectId, d.distinctId));
      await append(c, 'person_overrides', overrides.length, (a, i) => {
        const d = overrides[i]!;
        a.appendInteger(d.projectId);
        a.appendVarchar(personIdFor(d.projectId, d.distinctId));
        a.appendVarchar(d.personId);
        a.appendBigInt(BigInt(d.version));
      });
      await append(c, 'groups', ws.groups.length, (a, i) => {
        const g = ws.groups[i]!;
        a.appendInteger(g.projectId);
        a.appendInteger(g.groupTypeIndex);
        a.appendVarchar(g.groupKey);
        a.appendVarchar(JSON.stringify(g.properties));
        a.appendTimestamp(timestampValue(g.createdAt));
        a.appendBigInt(BigInt(g.version));
      });
      for (const t of ws.groupTypes) {
        await c.run('INSERT INTO group_type_mapping VALUES ($1, $2, $3, $4)', [
          t.projectId,
          t.groupType,
          t.groupTypeIndex,
          timestampValue(t.createdAt),
        ]);
      }
    });
  }

  async maxDistinctIdVersion(): Promise<number> {
    const rows = await this.db.queryWriter('SELECT coalesce(max(version), 0) AS v FROM person_distinct_ids');
    return rows[0] ? num(rows[0], 'v') : 0;
  }

  /** Streams chunk by chunk: at a million ids, materialising row objects would cost hundreds of MB at start. */
  scanIdentities(visit: IdentityVisitor): Promise<void> {
    return this.db.withReader(async (c) => {
      const ids = await c.stream('SELECT DISTINCT project_id, distinct_id FROM person_distinct_ids');
      for await (const rows of ids.yieldRows()) {
        for (const [projectId, id] of rows) visit.distinctId(Number(projectId), String(id));
      }
      const groups = await c.stream('SELECT DISTINCT project_id, group_type_index, group_key FROM groups');
      for await (const rows of groups.yieldRows()) {
        for (const [projectId, index, key] of rows)
          visit.group(Number(projectId), Number(index), String(key));
      }
    });
  }
}
