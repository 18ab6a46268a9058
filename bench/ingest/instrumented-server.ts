import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { IngestionQueue } from '../../packages/server/src/ingestion/ingestion-queue.ts';
import { IngestionService } from '../../packages/server/src/ingestion/ingestion-service.ts';
import { DuckDbIngestionStore } from '../../packages/server/src/storage/duckdb/duckdb-ingestion-store.ts';
import { DuckDbPersonStore } from '../../packages/server/src/storage/duckdb/duckdb-person-store.ts';

/**
 * The server with timers wrapped around the ingestion path (no server file is changed): the same main.ts,
 * with prototype methods measured before it starts. Writes a report to $BENCH_STATS_FILE on exit.
 * Used by `run.ts --instrument`.
 */

interface Stat {
  calls: number;
  ms: number;
  max: number;
  /** Time the main thread spent inside the call synchronously (before its first await returned). */
  syncMs: number;
}

const stats = new Map<string, Stat>();
const sizes: number[] = [];

function record(name: string, ms: number, syncMs: number): void {
  const s = stats.get(name) ?? { calls: 0, ms: 0, max: 0, syncMs: 0 };
  s.calls += 1;
  s.ms += ms;
  s.syncMs += syncMs;
  s.max = Math.max(s.max, ms);
  stats.set(name, s);
}

type AnyFn = (...args: unknown[]) => unknown;

function wrap(
  proto: object,
  method: string,
  name: string = method,
  label?: (args: unknown[]) => string,
): void {
  const target = proto as Record<string, AnyFn>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`no method ${method}`);
  target[method] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    const key = label ? `${name} ${label(args)}` : name;
    const result = original.apply(this, args);
    const sync = performance.now() - t;
    if (result instanceof Promise) {
      return result.finally(() => record(key, performance.now() - t, sync));
    }
    record(key, sync, sync);
    return result;
  };
}

const sqlLabel = (args: unknown[]) => {
  const sql = String(args[0]).trim();
  return /^(BEGIN|COMMIT|ROLLBACK)/i.test(sql) ? sql.split(/\s/)[0]!.toUpperCase() : 'other SQL';
};

wrap(IngestionService.prototype, 'capture', 'IngestionService.capture (whole request, incl. wait)');
wrap(IngestionQueue.prototype, 'prepare', 'IngestionQueue.prepare (prefetch + processing)');
wrap(IngestionQueue.prototype, 'startCommit', 'IngestionQueue.startCommit (sync part)');
wrap(IngestionQueue.prototype, 'prefetch', 'IngestionQueue.prefetch');
wrap(DuckDbIngestionStore.prototype, 'commit', 'DuckDbIngestionStore.commit');
wrap(DuckDbPersonStore.prototype, 'findPersonsByDistinctIds', 'PersonStore.findPersonsByDistinctIds');
wrap(DuckDBConnection.prototype, 'run', 'DuckDBConnection.run', sqlLabel);
wrap(DuckDBConnection.prototype, 'createAppender', 'DuckDBConnection.createAppender');
wrap(DuckDBAppender.prototype, 'flushSync', 'DuckDBAppender.flushSync');
wrap(DuckDBAppender.prototype, 'closeSync', 'DuckDBAppender.closeSync');

// Group-commit sizes: events per takeBatch call.
const queueProto = IngestionQueue.prototype as unknown as Record<string, AnyFn>;
const takeBatch = queueProto.takeBatch as AnyFn;
queueProto.takeBatch = function (this: unknown, ...args: unknown[]) {
  const batch = takeBatch.apply(this, args) as { events: unknown[] }[];
  sizes.push(batch.reduce((s, b) => s + b.events.length, 0));
  return batch;
};

const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();

process.on('exit', () => {
  const file = process.env.BENCH_STATS_FILE;
  if (!file) return;
  const elu = performance.eventLoopUtilization(elu0);
  const wall = performance.now() - t0;
  const sorted = [...sizes].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const lines = [
    `Instrumented server: ${(wall / 1000).toFixed(1)} s up, event-loop utilisation ${(elu.utilization * 100).toFixed(0)}%.`,
    `Group commits: ${sizes.length}, events per commit p50 ${q(0.5)} / p90 ${q(0.9)} / max ${q(1)}, mean ${(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)).toFixed(0)}.`,
    '',
    '| Call | calls | total ms | mean ms | max ms | main-thread (sync) ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...stats]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([name, s]) =>
          `| ${name} | ${s.calls} | ${s.ms.toFixed(0)} | ${(s.ms / s.calls).toFixed(2)} | ${s.max.toFixed(1)} | ${s.syncMs.toFixed(0)} |`,
      ),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
});

await import('../../packages/server/src/main.ts');
