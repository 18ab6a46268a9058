import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
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
import { RecentUuids } from './recent-uuids.ts';

/**
 * The dedup window saved at a clean stop and restored at the next start (real DuckDB): the restarted writer
 * drops a retried batch with no warm-up scan and no storage look-up, and a saved window is never used when the
 * stored events changed after it was saved, nor twice.
 */

const WINDOW = 1_000;
const dirs: string[] = [];
const dbs: DuckDbDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function folder(): Promise<{ dir: string; db: DuckDbDatabase; store: DuckDbEventStore }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-dedup-snapshot-'));
  dirs.push(dir);
  const db = await DuckDbDatabase.open(dir);
  dbs.push(db);
  return { dir, db, store: new DuckDbEventStore(db, dir) };
}

const eventsOf = (uuids: string[]): IncomingEvent[] =>
  uuids.map((uuid, i) => ({
    uuid,
    event: 'retried',
    distinctId: `user-${i % 7}`,
    properties: { i },
    timestamp: new Date('2026-02-01T00:00:00Z'),
  }));

/** The real store, counting what a start reads back from it: the warm-up scan and the per-commit look-ups. */
function counted(store: DuckDbEventStore) {
  const reads = { scans: 0, lookups: 0 };
  const source: RecentUuidSource = {
    async *recentEventUuidPages(limit) {
      reads.scans += 1;
      yield* store.recentEventUuidPages(limit);
    },
    storedEventUuids(projectId, uuids) {
      reads.lookups += 1;
      return store.storedEventUuids(projectId, uuids);
    },
    ...(store.dedupSnapshot ? { dedupSnapshot: store.dedupSnapshot } : {}),
  };
  return { source, reads };
}

function writerOn(db: DuckDbDatabase): IngestionQueue {
  return new IngestionQueue({
    ingestionStore: new DuckDbIngestionStore(db),
    personStore: new DuckDbPersonStore(db),
    groupStore: new DuckDbGroupStore(db),
    logger: silentLogger,
    dedupWindow: WINDOW,
    maxCommitEvents: 10_000,
  });
}

/** Stops a writer cleanly (saving the window), flips one byte of the table, and checks the next start refuses it. */
async function third0(db: DuckDbDatabase, store: DuckDbEventStore, sent: string[]): Promise<void> {
  const place = store.dedupSnapshot as NonNullable<DuckDbEventStore['dedupSnapshot']>;
  const writer = writerOn(db);
  await writer.start(counted(store).source);
  await writer.dedupLoaded();
  await writer.close();
  const bytes = readFileSync(place.file);
  bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
  writeFileSync(place.file, bytes);
  const next = writerOn(db);
  const { source, reads } = counted(store);
  await next.start(source);
  expect(await next.submit(1, eventsOf(sent))).toMatchObject({ stored: 0, duplicates: 1 });
  expect(reads.scans + reads.lookups).toBeGreaterThan(0);
  await next.close();
}

async function storedCount(db: DuckDbDatabase): Promise<number> {
  const [row] = await db.query('SELECT count(*)::INTEGER AS n FROM events');
  return Number(row?.n);
}

describe('dedup window across a clean restart', () => {
  it('restores the saved window: a retry is dropped with no scan and no look-up, and the file is used once', async () => {
    const { db, store } = await folder();
    // More uuids than the window holds, so the saved ring has wrapped and must come back oldest first.
    const sent = Array.from({ length: WINDOW + 300 }, () => randomUUID());
    const first = writerOn(db);
    await first.start(counted(store).source);
    await first.submit(1, eventsOf(sent));
    // Only a complete window is saved: a stop during the warm-up saves nothing (the next start reads it back).
    await first.dedupLoaded();
    await first.close();
    const file = store.dedupSnapshot?.file as string;
    expect(existsSync(file)).toBe(true);

    const second = writerOn(db);
    const { source, reads } = counted(store);
    await second.start(source);
    expect(existsSync(file)).toBe(false);
    // The newest WINDOW uuids are known at once; the 300 oldest fell out of the window, as without a restart.
    const result = await second.submit(1, eventsOf(sent.slice(300)));
    expect(result).toMatchObject({ stored: 0, duplicates: WINDOW });
    expect(reads).toEqual({ scans: 0, lookups: 0 });
    expect(await storedCount(db)).toBe(sent.length);
    // Its own stop saves again; a crash before that would leave no file and the next start would scan.
    await second.close();
    expect(existsSync(file)).toBe(true);
  });

  it('does not trust a window saved before the stored events changed: it reads them back instead', async () => {
    const { db, store } = await folder();
    const sent = Array.from({ length: 50 }, () => randomUUID());
    const first = writerOn(db);
    await first.start(counted(store).source);
    await first.submit(1, eventsOf(sent));
    // Only a complete window is saved: a stop during the warm-up saves nothing (the next start reads it back).
    await first.dedupLoaded();
    await first.close();
    // Another writer (an offline import, say) stores an event the saved window does not know.
    const other = writerOn(db);
    await other.start([]);
    const imported = randomUUID();
    await other.submit(1, eventsOf([imported]));
    await other.close();

    const second = writerOn(db);
    const { source, reads } = counted(store);
    await second.start(source);
    expect(existsSync(store.dedupSnapshot?.file as string)).toBe(false);
    const result = await second.submit(1, eventsOf([...sent, imported]));
    expect(result).toMatchObject({ stored: 0, duplicates: sent.length + 1 });
    expect(reads.scans + reads.lookups).toBeGreaterThan(0);
    expect(await storedCount(db)).toBe(sent.length + 1);
    await second.close();
  });

  it('ignores a damaged or foreign file', async () => {
    const { db, store } = await folder();
    const place = store.dedupSnapshot;
    if (!place) throw new Error('the DuckDB event store has a snapshot place');
    const sent = [randomUUID()];
    const first = writerOn(db);
    await first.start(counted(store).source);
    await first.submit(1, eventsOf(sent));
    // Only a complete window is saved: a stop during the warm-up saves nothing (the next start reads it back).
    await first.dedupLoaded();
    await first.close();
    truncateSync(place.file, 30);
    const second = writerOn(db);
    const a = counted(store);
    await second.start(a.source);
    expect(await second.submit(1, eventsOf(sent))).toMatchObject({ stored: 0, duplicates: 1 });
    expect(a.reads.scans + a.reads.lookups).toBeGreaterThan(0);
    await second.close();

    // One flipped byte after a clean stop: the checksum refuses the file.
    await third0(db, store, sent);

    writeFileSync(place.file, 'not a window\n');
    const third = writerOn(db);
    const b = counted(store);
    await third.start(b.source);
    expect(await third.submit(1, eventsOf(sent))).toMatchObject({ stored: 0, duplicates: 1 });
    expect(b.reads.scans + b.reads.lookups).toBeGreaterThan(0);
    await third.close();
  });
});

describe('RecentUuids saved state', () => {
  it('comes back as the same window, forgetting in the same order', () => {
    const window = new RecentUuids(4);
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) window.add(k);
    const copy = RecentUuids.fromState(4, window.exportState());
    if (!copy) throw new Error('a state this class made is accepted');
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => copy.has(k))).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    // The oldest kept key ('c') is the next one forgotten.
    copy.add('g');
    expect(['c', 'd', 'g'].map((k) => copy.has(k))).toEqual([false, true, true]);
  });

  it('refuses a state that disagrees with itself or with the capacity', () => {
    const window = new RecentUuids(4);
    for (const k of ['a', 'b', 'c']) window.add(k);
    const state = window.exportState();
    expect(RecentUuids.fromState(2, state)).toBeUndefined();
    expect(RecentUuids.fromState(4, { ...state, head: 1 })).toBeUndefined();
    // A table without the ring's last entry (a damaged file), and a full table that `has` could loop in.
    const missing = state.table.slice();
    const at = missing.findIndex((v, i) => i % 2 === 0 && v !== 0);
    missing[at] = 0;
    expect(RecentUuids.fromState(4, { ...state, table: missing })).toBeUndefined();
    expect(
      RecentUuids.fromState(4, { ...state, table: new Uint32Array(state.table.length).fill(7) }),
    ).toBeUndefined();
  });
});
