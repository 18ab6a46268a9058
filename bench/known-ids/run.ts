import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { KnownKeys } from '../../packages/server/src/ingestion/known-keys.ts';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { DuckDbIngestionStore } from '../../packages/server/src/storage/duckdb/duckdb-ingestion-store.ts';

/**
 * Memory and start-up cost of the known-distinct-id set that lets /flags answer never-seen ids without a query:
 * bytes per id in `KnownKeys` against a plain `Set<string>` of the same ids (V8 heap delta), the cost of one
 * negative lookup, and the time to rebuild the set from a DuckDB file holding that many mappings.
 *
 *   node --expose-gc --import tsx bench/known-ids/run.ts [--ids 1000000]
 */

const { values: args } = parseArgs({ options: { ids: { type: 'string', default: '1000000' } } });
const count = Number(args.ids);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Heap bytes retained by what `build` returns (full collections, letting the sweeper finish in between). */
async function heapOf<T>(build: () => T): Promise<{ value: T; bytes: number }> {
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setImmediate(r));
    }
    return getHeapStatistics().used_heap_size;
  };
  const before = await settle();
  const value = build();
  return { value, bytes: (await settle()) - before };
}

/** A flat one-byte string, as a database driver hands over (a template literal would build rope nodes). */
const flat = (text: string) => Buffer.from(text, 'latin1').toString('latin1');

const ids = Array.from({ length: count }, () => randomUUID());
const known = new KnownKeys();
for (const id of ids) known.add(1, id);
// A Set of keys it alone holds, as after reading them from storage: the strings are counted with it.
const set = await heapOf(() => {
  const keys = new Set<string>();
  for (let i = 0; i < count; i++) keys.add(flat(`1\u0000${randomUUID()}`));
  return keys;
});

const probes = Array.from({ length: 200_000 }, () => randomUUID());
let falsePositives = 0;
const t0 = process.hrtime.bigint();
for (const p of probes) if (known.mayContain(1, p)) falsePositives += 1;
const lookupNs = Number(process.hrtime.bigint() - t0) / probes.length;

const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-known-ids-'));
let scanMs = 0;
try {
  const db = await DuckDbDatabase.open(dir);
  const store = new DuckDbIngestionStore(db);
  const personId = randomUUID();
  await store.commit({
    events: [],
    persons: [],
    groups: [],
    groupTypes: [],
    distinctIds: ids.map((distinctId, i) => ({ projectId: 1, distinctId, personId, version: i + 1 })),
  });
  const rebuilt = new KnownKeys();
  const started = performance.now();
  await store.scanIdentities({ distinctId: (p, id) => rebuilt.add(p, id), group: () => undefined });
  scanMs = performance.now() - started;
  if (rebuilt.size !== known.size) throw new Error(`rebuilt ${rebuilt.size} of ${known.size}`);
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const perId = (bytes: number) => (bytes / count).toFixed(1);
console.log(
  [
    `Node ${process.version}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `${count.toLocaleString('en-US')} random UUID distinct ids`,
    `KnownKeys: table ${known.byteLength.toLocaleString('en-US')} B = ${perId(known.byteLength)} B/id`,
    `Set<string> of as many keys (project + id, flat strings): heap ${perId(set.bytes)} B/id`,
    `negative lookup: ${lookupNs.toFixed(0)} ns; false positives ${falsePositives} of ${probes.length.toLocaleString('en-US')}`,
    `rebuild from DuckDB (SELECT DISTINCT, streamed): ${scanMs.toFixed(0)} ms`,
  ].join('\n'),
);
