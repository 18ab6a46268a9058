import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events/event.ts';
import { DuckDbDatabase } from '../storage/duckdb/duckdb-database.ts';
import { DuckDbEventStore } from '../storage/duckdb/duckdb-event-store.ts';
import { DuckDbGroupStore } from '../storage/duckdb/duckdb-group-store.ts';
import { DuckDbIngestionStore } from '../storage/duckdb/duckdb-ingestion-store.ts';
import { DuckDbPersonStore } from '../storage/duckdb/duckdb-person-store.ts';
import { silentLogger } from '../util/logger.ts';
import type { RecentUuidSource } from './dedup-window.ts';
import { IngestionQueue } from './ingestion-queue.ts';

/**
 * The dedup window after a restart, on real DuckDB: the window loads in the background, and a retried batch
 * arriving before it is loaded must still be stored once. The load is held at a gate so the batch is sure to
 * land in the warm-up (the gate only delays the real store's stream, it decides nothing).
 */

const SEEDED = 200_000;
const WINDOW = 150_000;

const dbs: DuckDbDatabase[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Events written by DuckDB itself, as a previous run of the server left them (oldest created first). */
async function seededDatabase(): Promise<DuckDbDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-dedup-warm-up-'));
  dirs.push(dir);
  const db = await DuckDbDatabase.open(dir);
  dbs.push(db);
  await db.write((c) =>
    c.run(`INSERT INTO events
      SELECT 1, uuid(), 'seeded', 'user-' || (i % 100), md5('user-' || (i % 100))::UUID,
        TIMESTAMP '2026-01-01' + to_microseconds(i), TIMESTAMP '2026-01-01' + to_microseconds(i), '{}',
        '', '', '', '', ''
      FROM range(${SEEDED}) t(i)`),
  );
  return db;
}

/** Stored uuids: the newest `newest` (inside the window) and the oldest `oldest` (older than the window). */
async function storedUuids(db: DuckDbDatabase, newest: number, oldest: number): Promise<string[]> {
  const pick = async (order: string, n: number) =>
    (await db.query(`SELECT uuid::VARCHAR AS u FROM events ORDER BY created_at ${order} LIMIT ${n}`)).map(
      (r) => String(r.u),
    );
  return [...(await pick('DESC', newest)), ...(await pick('ASC', oldest))];
}

const eventOf = (uuid: string, i: number): IncomingEvent => ({
  uuid,
  event: 'retried',
  distinctId: `user-${i % 100}`,
  properties: { i },
  timestamp: new Date('2026-02-01T00:00:00Z'),
});

interface Gated {
  source: RecentUuidSource;
  open: () => void;
  lookups: () => number;
}

/** The real event store, its stream held until `open()`, counting the warm-up's look-ups. */
function gated(store: DuckDbEventStore): Gated {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let lookups = 0;
  return {
    source: {
      async *recentEventUuidPages(limit) {
        await gate;
        yield* store.recentEventUuidPages(limit);
      },
      storedEventUuids(projectId, uuids) {
        lookups += 1;
        return store.storedEventUuids(projectId, uuids);
      },
    },
    open,
    lookups: () => lookups,
  };
}

function writerOn(db: DuckDbDatabase): IngestionQueue {
  return new IngestionQueue({
    ingestionStore: new DuckDbIngestionStore(db),
    personStore: new DuckDbPersonStore(db),
    groupStore: new DuckDbGroupStore(db),
    logger: silentLogger,
    dedupWindow: WINDOW,
    maxCommitEvents: 50_000,
  });
}

async function copiesOf(db: DuckDbDatabase, uuids: string[]): Promise<{ rows: number; distinct: number }> {
  const list = uuids.map((u) => `'${u}'::UUID`).join(', ');
  const [row] = await db.query(
    `SELECT count(*)::INTEGER AS rows, count(DISTINCT uuid)::INTEGER AS d FROM events WHERE uuid IN (${list})`,
  );
  return { rows: Number(row?.rows), distinct: Number(row?.d) };
}

describe('dedup window warm-up after a restart', () => {
  it('stores a batch retried during the warm-up once, and memory decides alone once the window is loaded', async () => {
    const db = await seededDatabase();
    const store = new DuckDbEventStore(db);
    const retried = await storedUuids(db, 300, 50);
    const fresh = Array.from({ length: 40 }, () => randomUUID());
    const batch = [...retried, ...fresh].map(eventOf);

    const load = gated(store);
    const writer = writerOn(db);
    await writer.start(load.source); // returns at once: the window's stream is still held at the gate

    const first = await writer.submit(1, batch);
    expect(first).toMatchObject({ stored: fresh.length, duplicates: retried.length });
    expect(load.lookups()).toBeGreaterThan(0);
    // Sent again, still in the warm-up: the 40 committed since the start are known from memory, the rest
    // from storage.
    const second = await writer.submit(1, batch);
    expect(second).toMatchObject({ stored: 0, duplicates: batch.length });

    load.open();
    await writer.dedupLoaded();
    const asked = load.lookups();
    // Loaded: the window's uuids and those committed during the warm-up are duplicates without a look-up
    // (the 50 oldest are older than the window, which from now on forgets them, as before this change).
    const inWindow = [...retried.slice(0, 300), ...fresh].map(eventOf);
    const third = await writer.submit(1, inWindow);
    expect(third).toMatchObject({ stored: 0, duplicates: inWindow.length });
    expect(load.lookups()).toBe(asked);

    expect(await copiesOf(db, [...retried, ...fresh])).toEqual({
      rows: retried.length + fresh.length,
      distinct: retried.length + fresh.length,
    });
    const [total] = await db.query('SELECT count(*)::INTEGER AS n FROM events');
    expect(Number(total?.n)).toBe(SEEDED + fresh.length);
    await writer.close();
  });

  it('refuses a batch (503) rather than accept it unchecked when storage cannot answer during the warm-up', async () => {
    const db = await seededDatabase();
    const store = new DuckDbEventStore(db);
    const [retried] = await storedUuids(db, 1, 0);
    const load = gated(store);
    const writer = writerOn(db);
    await writer.start({
      recentEventUuidPages: (n) => load.source.recentEventUuidPages(n),
      storedEventUuids: () => Promise.reject(new Error('storage unavailable')),
    });
    await expect(writer.submit(1, [eventOf(retried as string, 0)])).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(await copiesOf(db, [retried as string])).toEqual({ rows: 1, distinct: 1 });
    load.open();
    await writer.close();
  });
});
