import { fork } from 'node:child_process';
import path from 'node:path';
import { BATCH_SIZE } from '../ingest/events.ts';
import type { WorkerDone, WorkerGo, WorkerMessage, WorkerReady, WorkerStart } from '../ingest/load-worker.ts';

/** bench/ingest's load, from `workers` processes, spread round-robin over `urls` (one URL: one target). */
export interface IngestLoad {
  urls: string[];
  apiKey: string;
  workers: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Events/s the pre-built pool is sized for; beyond it batches are built during the run (and counted). */
  poolRate: number;
}

export interface IngestOutcome {
  /** Events acknowledged in the measured window, per second. */
  rate: number;
  latencies: number[];
  /** Events acknowledged in total (warm-up included): what the store must hold. */
  acknowledged: number;
  errors: number;
  firstError: string | undefined;
  liveBatches: number;
  /** Wall seconds from "go" until the last worker reported. */
  wallSeconds: number;
  loadCpuSeconds: number;
}

/**
 * Runs the load; `onGo` is called right before the workers are told to start, `onDone` right after the last
 * one reported, so the caller reads process CPU over exactly the loaded interval.
 */
export async function runIngestLoad(
  load: IngestLoad,
  onGo: () => void,
  onDone: () => void,
): Promise<IngestOutcome> {
  const poolBatches = Math.ceil(
    ((load.seconds + load.warmupSeconds) * load.poolRate) / BATCH_SIZE / load.workers,
  );
  const workers = Array.from({ length: load.workers }, (_, i) => {
    const connections =
      Math.floor(load.connections / load.workers) + (i < load.connections % load.workers ? 1 : 0);
    const child = fork(path.join(import.meta.dirname, '../ingest/load-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<WorkerReady>((resolve) => {
      child.on('message', (m: WorkerMessage) => m.type === 'ready' && resolve(m));
    });
    const done = new Promise<WorkerDone>((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => m.type === 'done' && resolve(m));
      child.once('exit', (code) =>
        setTimeout(() => reject(new Error(`load worker exited with ${code} before reporting`)), 1000),
      );
    });
    const start: WorkerStart = {
      type: 'start',
      url: load.urls[0] ?? '',
      // Each worker starts at a different node, so with two nodes neither takes every worker's first batch.
      urls: load.urls.map((_, k) => load.urls[(k + i) % load.urls.length] ?? ''),
      apiKey: load.apiKey,
      connections,
      poolBatches,
    };
    child.send(start);
    return { child, ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  onGo();
  const wallAtStart = performance.now();
  const go: WorkerGo = { type: 'go', warmupSeconds: load.warmupSeconds, seconds: load.seconds };
  for (const w of workers) w.child.send(go);
  const results = await Promise.all(workers.map((w) => w.done));
  onDone();
  const wallSeconds = (performance.now() - wallAtStart) / 1000;
  const measuredSeconds = Math.max(...results.map((r) => r.measuredMs)) / 1000;
  return {
    rate: results.reduce((s, r) => s + r.measuredEvents, 0) / measuredSeconds,
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
    acknowledged: results.reduce((s, r) => s + r.totalEvents, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    firstError: results.find((r) => r.firstError)?.firstError,
    liveBatches: results.reduce((s, r) => s + r.liveBatches, 0),
    wallSeconds,
    loadCpuSeconds: results.reduce((s, r) => s + r.cpuMs, 0) / 1000,
  };
}
