import type { GroupColumns, StoredEvent } from '../../events/event.ts';
import type { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { type ClickHouseTarget, chRows } from './clickhouse-target.ts';

/**
 * Where a copy of the events stands: the last (timestamp in µs, uuid) written. Events are read in that order,
 * so "everything after the cursor" is exactly what is left, however the run was interrupted.
 */
export interface EventCursor {
  ts: string;
  uuid: string;
}

type Row = Record<string, unknown>;

const groups = (r: Row): GroupColumns =>
  [0, 1, 2, 3, 4].map((g) => String(r[`group_${g}`] ?? '')) as GroupColumns;

function storedEvent(r: Row): StoredEvent {
  const parsed: unknown = JSON.parse(String(r.properties ?? '{}'));
  return {
    uuid: String(r.event_uuid),
    projectId: Number(r.project_id),
    event: String(r.event),
    distinctId: String(r.distinct_id),
    personId: String(r.person_id),
    // StoredEvent carries a JS Date, so a time is copied to the millisecond (capture never writes finer ones).
    timestamp: new Date(Number(BigInt(String(r.ts)) / 1000n)),
    createdAt: new Date(Number(r.ca)),
    properties: parsed !== null && typeof parsed === 'object' ? (parsed as StoredEvent['properties']) : {},
    groups: groups(r),
  };
}

export interface EventChunk {
  events: StoredEvent[];
  /** The cursor after this chunk; undefined when the chunk is empty (nothing left). */
  next: EventCursor | undefined;
}

function chunkOf(rows: Row[]): EventChunk {
  const last = rows.at(-1);
  return {
    events: rows.map(storedEvent),
    next: last ? { ts: String(last.ts), uuid: String(last.event_uuid) } : undefined,
  };
}

// Named apart from the column: an alias `uuid` would shadow it in ClickHouse's WHERE and ORDER BY.
const DUCK_COLUMNS = `project_id, uuid::VARCHAR AS event_uuid, event, distinct_id, person_id::VARCHAR AS person_id,
  epoch_us(timestamp)::VARCHAR AS ts, epoch_ms(created_at) AS ca, properties::VARCHAR AS properties,
  group_0, group_1, group_2, group_3, group_4`;

/** The next `limit` events of a DuckDB file after `after`, in (timestamp, uuid) order. */
export async function duckDbEventChunk(
  db: DuckDbDatabase,
  after: EventCursor | undefined,
  limit: number,
): Promise<EventChunk> {
  const rows = after
    ? await db.query(
        `SELECT ${DUCK_COLUMNS} FROM events
         WHERE timestamp > make_timestamp($1::BIGINT)
            OR (timestamp = make_timestamp($1::BIGINT) AND uuid > $2::UUID)
         ORDER BY timestamp, uuid LIMIT ${Math.trunc(limit)}`,
        [after.ts, after.uuid],
      )
    : await db.query(
        `SELECT ${DUCK_COLUMNS} FROM events ORDER BY timestamp, uuid LIMIT ${Math.trunc(limit)}`,
      );
  return chunkOf(rows);
}

const CH_COLUMNS = `project_id, toString(uuid) AS event_uuid, event, distinct_id, toString(person_id) AS person_id,
  toString(toUnixTimestamp64Micro(timestamp)) AS ts, toUnixTimestamp64Milli(created_at) AS ca, properties,
  group_0, group_1, group_2, group_3, group_4`;

/** The same from ClickHouse, each event once (FINAL folds a chunk inserted twice by a resumed copy). */
export async function clickHouseEventChunk(
  ch: ClickHouseTarget,
  after: EventCursor | undefined,
  limit: number,
): Promise<EventChunk> {
  const where = after
    ? `WHERE (timestamp, uuid) > (fromUnixTimestamp64Micro({ts:Int64}, 'UTC'), {uuid:UUID})`
    : '';
  const rows = await chRows<Row>(
    ch.entry,
    `SELECT ${CH_COLUMNS} FROM ${ch.table('events')} FINAL ${where}
     ORDER BY timestamp, uuid LIMIT {limit:UInt32}
     SETTINGS output_format_json_quote_64bit_integers = 0`,
    { ...(after ? { ts: after.ts, uuid: after.uuid } : {}), limit },
  );
  return chunkOf(rows);
}
