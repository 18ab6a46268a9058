import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { makeEvent, USERS, userId } from './events.ts';

/**
 * The ceiling: how fast DuckDB itself takes the same events through the appender, into a table with the
 * server's `events` schema (packages/server/src/storage/duckdb/migrations.ts) in a fresh file, 10k rows per
 * committed transaction. Row values are prepared outside the timed part, so this is DuckDB's rate alone.
 */

const EVENTS_TABLE = `CREATE TABLE events (
  project_id INTEGER NOT NULL, uuid UUID NOT NULL, event VARCHAR NOT NULL, distinct_id VARCHAR NOT NULL,
  person_id UUID NOT NULL, timestamp TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL,
  properties JSON NOT NULL,
  group_0 VARCHAR NOT NULL DEFAULT '', group_1 VARCHAR NOT NULL DEFAULT '', group_2 VARCHAR NOT NULL DEFAULT '',
  group_3 VARCHAR NOT NULL DEFAULT '', group_4 VARCHAR NOT NULL DEFAULT '')`;

export const TRANSACTION_ROWS = 10_000;

interface Rows {
  uuid: string[];
  event: string[];
  distinctId: string[];
  personId: string[];
  timestamp: DuckDBTimestampValue[];
  createdAt: DuckDBTimestampValue;
  properties: string[];
}

const personIds = Array.from({ length: USERS }, () => randomUUID());
const personOf = new Map(personIds.map((id, i) => [userId(i), id]));

function prepare(count: number): Rows {
  const now = Date.now();
  const rows: Rows = {
    uuid: [],
    event: [],
    distinctId: [],
    personId: [],
    timestamp: [],
    createdAt: new DuckDBTimestampValue(BigInt(now) * 1000n),
    properties: [],
  };
  for (let i = 0; i < count; i++) {
    const e = makeEvent(now);
    rows.uuid.push(e.uuid);
    rows.event.push(e.event);
    rows.distinctId.push(e.distinct_id);
    rows.personId.push(personOf.get(e.distinct_id) ?? randomUUID());
    rows.timestamp.push(new DuckDBTimestampValue(BigInt(Date.parse(e.timestamp)) * 1000n));
    // What the server stores: the wire properties plus the request IP.
    rows.properties.push(JSON.stringify({ ...e.properties, $ip: '127.0.0.1' }));
  }
  return rows;
}

async function rowAppend(c: DuckDBConnection, rows: Rows): Promise<void> {
  const a = await c.createAppender('events');
  for (let i = 0; i < rows.uuid.length; i++) {
    a.appendInteger(1);
    a.appendVarchar(rows.uuid[i]!);
    a.appendVarchar(rows.event[i]!);
    a.appendVarchar(rows.distinctId[i]!);
    a.appendVarchar(rows.personId[i]!);
    a.appendTimestamp(rows.timestamp[i]!);
    a.appendTimestamp(rows.createdAt);
    a.appendVarchar(rows.properties[i]!);
    for (let g = 0; g < 5; g++) a.appendVarchar('');
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
}

const CHUNK_TYPES = [
  INTEGER,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  TIMESTAMP,
  TIMESTAMP,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
];
const CHUNK_ROWS = 2048;

async function chunkAppend(c: DuckDBConnection, rows: Rows): Promise<void> {
  const a = await c.createAppender('events');
  for (let from = 0; from < rows.uuid.length; from += CHUNK_ROWS) {
    const to = Math.min(from + CHUNK_ROWS, rows.uuid.length);
    const n = to - from;
    const empty = new Array<string>(n).fill('');
    const chunk = DuckDBDataChunk.create(CHUNK_TYPES, n);
    chunk.setColumns([
      new Array<number>(n).fill(1),
      rows.uuid.slice(from, to),
      rows.event.slice(from, to),
      rows.distinctId.slice(from, to),
      rows.personId.slice(from, to),
      rows.timestamp.slice(from, to),
      new Array<DuckDBTimestampValue>(n).fill(rows.createdAt),
      rows.properties.slice(from, to),
      empty,
      empty,
      empty,
      empty,
      empty,
    ]);
    a.appendDataChunk(chunk);
  }
  a.flushSync();
  a.closeSync();
}

export interface RawResult {
  method: 'row' | 'chunk';
  rows: number;
  seconds: number;
  rate: number;
  fileBytes: number;
  /** Share of the timed part spent in COMMIT (WAL write + fsync + automatic checkpoints). */
  commitShare: number;
  maxCommitMs: number;
}

/** Appends `total` events in committed transactions of 10k rows; returns the rate of the DuckDB part. */
export async function rawAppenderRate(
  dir: string,
  total: number,
  method: 'row' | 'chunk',
  transactionRows = TRANSACTION_ROWS,
): Promise<RawResult> {
  const file = path.join(dir, `raw-${method}-${transactionRows}.duckdb`);
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  await c.run(EVENTS_TABLE);
  let timed = 0;
  let commitMs = 0;
  let maxCommitMs = 0;
  for (let done = 0; done < total; done += transactionRows) {
    const rows = prepare(Math.min(transactionRows, total - done));
    const t = performance.now();
    await c.run('BEGIN TRANSACTION');
    await (method === 'row' ? rowAppend(c, rows) : chunkAppend(c, rows));
    const tc = performance.now();
    await c.run('COMMIT');
    const end = performance.now();
    commitMs += end - tc;
    maxCommitMs = Math.max(maxCommitMs, end - tc);
    timed += end - t;
  }
  const count = Number((await c.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0]?.n);
  if (count !== total) throw new Error(`raw appender stored ${count} rows, expected ${total}`);
  await c.run('CHECKPOINT');
  c.closeSync();
  instance.closeSync();
  const seconds = timed / 1000;
  return {
    method,
    rows: total,
    seconds,
    rate: total / seconds,
    fileBytes: statSync(file).size,
    commitShare: commitMs / timed,
    maxCommitMs,
  };
}
