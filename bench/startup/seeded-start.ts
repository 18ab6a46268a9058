/**
 * Restarts on a data folder holding N events (written by DuckDB itself with bench/query's generator, in the
 * real tables, so the server opens what a long-running install would leave): spawn → `/_health` 200, → first
 * `/flags` 200, → first capture 200, → background warm-up complete (dedup window, known identities), and the
 * process's RSS at ready, after the warm-up and after an idle minute.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { freePort, REPO_ROOT } from '../ingest/server-process.ts';
import { generate } from '../query/generate-events.ts';

// What `npm start` runs: the bundled server (built before the bench starts timing).
const START = path.join(REPO_ROOT, 'packages/server/bin/start.mjs');
export const PROJECT_KEY = 'phc_startup_bench_key';
/** The background loads a start waits for, each by the log lines that end it (a window restored from the last
 * clean stop needs no load). */
const WARM_UP_LINES = [
  ['dedup window loaded', 'dedup window restored from the last stop'],
  ['known identities loaded'],
];

export interface SeededStart {
  healthMs: number;
  flagsMs: number;
  captureMs: number;
  /** Spawn → the last background load logged its end. */
  warmUpMs: number;
  rssReadyMb: number;
  rssWarmMb: number;
  /** After `idleSeconds` with nothing to do (0 when not measured). */
  rssIdleMb: number;
}

/** Writes `events` events for the first project into a new data folder, then lets a server create its keys. */
export async function seedDataFolder(dataDir: string, events: number): Promise<number> {
  const started = performance.now();
  if (events > 0) {
    const db = await DuckDbDatabase.open(dataDir);
    await generate(db, { events, days: 30, end: new Date(), projectId: 1 });
    await db.close();
  }
  await startSeeded(dataDir, 0);
  return performance.now() - started;
}

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(line?.[1] ?? 0) / 1024;
};

async function untilOk(started: number, request: () => Promise<Response>): Promise<number> {
  for (;;) {
    if (performance.now() - started > 60_000) throw new Error('no 200 within 60 s');
    try {
      const response = await request();
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function stop(child: ChildProcess): Promise<unknown> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/** One restart on `dataDir`, measured; `idleSeconds` > 0 also waits that long after the warm-up for RSS. */
export async function startSeeded(dataDir: string, idleSeconds: number): Promise<SeededStart> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [START], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SIGNPOST_HOST: '127.0.0.1',
      SIGNPOST_PORT: String(port),
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
      SIGNPOST_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seen = new Set<string>();
  let warmUpMs = 0;
  let resolveWarm = () => {};
  const warm = new Promise<void>((resolve) => {
    resolveWarm = resolve;
  });
  let buffered = '';
  child.stderr?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const hit = WARM_UP_LINES.find((ends) => ends.some((m) => line.includes(`"message":"${m}"`)));
      if (!hit) continue;
      seen.add(hit.join());
      if (seen.size === WARM_UP_LINES.length) {
        warmUpMs = performance.now() - started;
        resolveWarm();
      }
    }
  });
  try {
    const health = untilOk(started, () => fetch(`${url}/_health`));
    const flags = untilOk(started, () =>
      fetch(`${url}/flags?v=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: PROJECT_KEY, distinct_id: 'user-7' }),
      }),
    );
    const capture = untilOk(started, () =>
      fetch(`${url}/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          api_key: PROJECT_KEY,
          batch: [{ event: 'bench start', distinct_id: 'user-7', uuid: randomUUID(), properties: {} }],
        }),
      }),
    );
    const [healthMs, flagsMs, captureMs] = await Promise.all([health, flags, capture]);
    const pid = child.pid as number;
    const rssReadyMb = rssMb(pid);
    await Promise.race([warm, new Promise((r) => setTimeout(r, 120_000))]);
    const rssWarmMb = rssMb(pid);
    if (idleSeconds > 0) await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const rssIdleMb = idleSeconds > 0 ? rssMb(pid) : 0;
    return { healthMs, flagsMs, captureMs, warmUpMs, rssReadyMb, rssWarmMb, rssIdleMb };
  } finally {
    await stop(child);
  }
}
