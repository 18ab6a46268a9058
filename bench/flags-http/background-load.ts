import { fork } from 'node:child_process';
import path from 'node:path';
import type { WorkerDone, WorkerGo, WorkerMessage, WorkerReady, WorkerStart } from '../ingest/load-worker.ts';
import { DASHBOARD_INSIGHTS } from '../web-dashboard/dashboard-insights.ts';

/**
 * The work `/flags` must not feel, started beside a `/flags` measurement and stopped after it: loops of uncached
 * dashboard queries (each loop one request at a time, round the bench dashboard's six tiles) and posthog-node
 * ingestion senders (bench/ingest's load worker, in its own process so its CPU is not this one's).
 */

export interface QueryLoopsResult {
  queries: number;
  errors: number;
  firstError: string | undefined;
  medianMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export function startQueryLoops(url: string, personalKey: string, loops: number) {
  let running = true;
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const insight = DASHBOARD_INSIGHTS[i % DASHBOARD_INSIGHTS.length];
      if (!insight) return;
      const t = performance.now();
      try {
        const r = await fetch(`${url}/api/projects/@current/query/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${personalKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: insight.source, refresh: 'force_blocking' }),
        });
        const text = await r.text();
        if (!r.ok) {
          errors += 1;
          firstError ??= `${r.status} ${text.slice(0, 200)}`;
        } else times.push(performance.now() - t);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  const all = Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
  return async (): Promise<QueryLoopsResult> => {
    running = false;
    await all;
    return { queries: times.length, errors, firstError, medianMs: median(times) };
  };
}

/** Forks bench/ingest's load worker with `connections` senders and waits until its pool of batches is built. */
export async function startIngest(options: {
  url: string;
  apiKey: string;
  connections: number;
  seconds: number;
  poolBatches: number;
}): Promise<() => Promise<{ events: number; errors: number; firstError: string | undefined }>> {
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
      setTimeout(() => reject(new Error(`ingest worker exited with ${code} before reporting`)), 1000),
    );
  });
  const start: WorkerStart = {
    type: 'start',
    url: options.url,
    apiKey: options.apiKey,
    connections: options.connections,
    poolBatches: options.poolBatches,
  };
  child.send(start);
  await ready;
  const go: WorkerGo = { type: 'go', warmupSeconds: 0, seconds: options.seconds };
  child.send(go);
  return async () => {
    const d = await done;
    return { events: d.totalEvents, errors: d.errors, firstError: d.firstError };
  };
}
