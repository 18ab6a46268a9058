import { fork } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IngestSummary } from '../regression/bench-summary.ts';
import { BATCH_SIZE } from './events.ts';
import type { WorkerDone, WorkerGo, WorkerMessage, WorkerReady, WorkerStart } from './load-worker.ts';
import { profileMarkdown, summarizeProfile } from './profile-summary.ts';
import { type RawResult, rawAppenderRate, TRANSACTION_ROWS } from './raw-appender.ts';
import { cpuSeconds, REPO_ROOT, rssBytes, startServer } from './server-process.ts';

/**
 * Ingestion benchmark: Signpost as a child process, loaded over HTTP from separate worker processes with
 * posthog-node-shaped gzipped batches, against the raw DuckDB appender rate for the same events.
 *
 *   node --import tsx bench/ingest/run.ts [--seconds 30] [--connections 8] [--workers 1] [--warmup 3]
 *     [--raw row|chunk|both|none] [--raw-min 1000000] [--cpu-prof] [--instrument] [--env KEY=VALUE ...]
 *     [--no-write] [--json] [--server-root <checkout>]
 *
 * --cpu-prof profiles the server's main thread; --instrument runs it with timers around the ingestion path
 * (instrumented-server.ts). Both slow the server a little, so their rates are not the headline figure.
 * --server-root loads the server of another checkout (bench/regression: an earlier revision) with this
 * checkout's load; --json ends the output with a one-line summary (regression/bench-summary.ts).
 */

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    workers: { type: 'string', default: '1' },
    raw: { type: 'string', default: 'both' },
    'raw-min': { type: 'string', default: '1000000' },
    'pool-rate': { type: 'string', default: '60000' },
    'cpu-prof': { type: 'boolean', default: false },
    instrument: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'server-root': { type: 'string' },
  },
});

const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const WORKERS = Math.max(1, Number(args.workers));
const RAW_MIN = Number(args['raw-min']);
const PROJECT_KEY = 'phc_bench_ingest_project';
const PERSONAL_KEY = 'phx_bench_ingest_personal';
const OUT_DIR = path.join(REPO_ROOT, 'bench/.out');
const RESULTS = path.join(REPO_ROOT, 'bench/RESULTS.md');
const HEADING = '## Ingestion (bench/ingest)';
const SERVER_ROOT = args['server-root'] ? path.resolve(args['server-root']) : undefined;
// The instrumented entry imports this checkout's server files, so it cannot stand for another checkout.
if (SERVER_ROOT && args.instrument) throw new Error('--instrument cannot be combined with --server-root');

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);

function extraEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.env) {
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

async function countStored(dataDir: string): Promise<number> {
  const instance = await DuckDBInstance.create(path.join(dataDir, 'signpost.duckdb'));
  const c = await instance.connect();
  const rows = (await c.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS();
  c.closeSync();
  instance.closeSync();
  return Number(rows[0]?.n ?? 0);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'signpost-bench-ingest-'));
  const dataDir = path.join(tmp, 'server');
  const profDir = path.join(OUT_DIR, `prof-${Date.now()}`);
  const env = extraEnv();
  const statsFile = path.join(tmp, 'instrumentation.md');
  console.log(
    `bench/ingest: ${SECONDS}s (+${WARMUP}s warm-up), ${CONNECTIONS} connections over ${WORKERS} worker(s)` +
      `${SERVER_ROOT ? `, server from ${SERVER_ROOT}` : ''}${args['cpu-prof'] ? ', server under --cpu-prof' : ''}${Object.keys(env).length ? `, env ${JSON.stringify(env)}` : ''}`,
  );

  const server = await startServer({
    dataDir,
    env: {
      SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
      BENCH_STATS_FILE: statsFile,
      ...env,
    },
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    // What `npm start` runs (the bundled server), unless instrumented or another checkout's server is timed.
    ...(args.instrument
      ? { entry: path.join(import.meta.dirname, 'instrumented-server.ts') }
      : { bundled: SERVER_ROOT === undefined }),
    ...(SERVER_ROOT ? { root: SERVER_ROOT } : {}),
  });
  const idleRss = rssBytes(server.pid);

  // Load generators: separate processes, each pre-building its pool of unique, gzipped batches.
  const poolBatches = Math.ceil(((SECONDS + WARMUP) * Number(args['pool-rate'])) / BATCH_SIZE / WORKERS);
  const workers = Array.from({ length: WORKERS }, (_, i) => {
    const connections = Math.floor(CONNECTIONS / WORKERS) + (i < CONNECTIONS % WORKERS ? 1 : 0);
    const child = fork(path.join(import.meta.dirname, 'load-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<WorkerReady>((resolve) => {
      child.on('message', (m: WorkerMessage) => m.type === 'ready' && resolve(m));
    });
    const done = new Promise<WorkerDone>((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => m.type === 'done' && resolve(m));
      // 'exit' can overtake the last IPC message; give it a moment before calling the worker lost.
      child.once('exit', (code) =>
        setTimeout(() => reject(new Error(`load worker exited with ${code} before reporting`)), 1000),
      );
    });
    const start: WorkerStart = {
      type: 'start',
      url: server.url,
      apiKey: PROJECT_KEY,
      connections,
      poolBatches,
    };
    child.send(start);
    return { child, ready, done };
  });
  const readies = await Promise.all(workers.map((w) => w.ready));
  const ready0 = readies[0] as WorkerReady;
  console.log(
    `pool: ${fmt(poolBatches * WORKERS)} batches of ${BATCH_SIZE} built in ${(ready0.generateMs / 1000).toFixed(1)} s ` +
      `(${ready0.rawBytesPerEvent.toFixed(0)} B JSON/event, ${mib(readies.reduce((s, r) => s + r.poolBytes, 0))} gzipped)`,
  );

  // Sample the server's RSS every second while it is loaded.
  let maxRss = idleRss;
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    const rss = rssBytes(server.pid);
    rssSamples.push(rss);
    maxRss = Math.max(maxRss, rss);
  }, 1000);
  const cpuAtStart = cpuSeconds(server.pid);
  const wallAtStart = performance.now();
  const go: WorkerGo = { type: 'go', warmupSeconds: WARMUP, seconds: SECONDS };
  for (const w of workers) w.child.send(go);
  const results = await Promise.all(workers.map((w) => w.done));
  const loadWall = (performance.now() - wallAtStart) / 1000;
  const serverCpu = cpuSeconds(server.pid) - cpuAtStart;
  clearInterval(sampler);
  maxRss = Math.max(maxRss, rssBytes(server.pid));

  const measuredEvents = results.reduce((s, r) => s + r.measuredEvents, 0);
  const measuredRequests = results.reduce((s, r) => s + r.measuredRequests, 0);
  const measuredSeconds = Math.max(...results.map((r) => r.measuredMs)) / 1000;
  const totalEvents = results.reduce((s, r) => s + r.totalEvents, 0);
  const errors = results.reduce((s, r) => s + r.errors, 0);
  const liveBatches = results.reduce((s, r) => s + r.liveBatches, 0);
  const workerCpu = results.reduce((s, r) => s + r.cpuMs, 0) / 1000;
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const rate = measuredEvents / measuredSeconds;
  if (errors > 0)
    console.log(`load errors: ${errors}; first: ${results.find((r) => r.firstError)?.firstError}`);

  const stopAt = performance.now();
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  const shutdownSeconds = (performance.now() - stopAt) / 1000;
  if (exit.code !== 0) console.log(`server exited with ${exit.code ?? exit.signal}:\n${server.output()}`);
  const stored = await countStored(dataDir);
  const dbBytes = statSync(path.join(dataDir, 'signpost.duckdb')).size;
  console.log(`server stored ${fmt(stored)} events, acknowledged ${fmt(totalEvents)}; file ${mib(dbBytes)}`);

  // The ceiling: raw appender rate for the same number of the same events (server stopped, no contention).
  const rawRows = Math.ceil(Math.max(totalEvents, RAW_MIN) / TRANSACTION_ROWS) * TRANSACTION_ROWS;
  const raws: RawResult[] = [];
  for (const method of ['row', 'chunk'] as const) {
    if (args.raw !== 'both' && args.raw !== method) continue;
    console.log(`raw ${method} appender: ${fmt(rawRows)} rows…`);
    raws.push(await rawAppenderRate(tmp, rawRows, method));
  }
  const rawRow = raws.find((r) => r.method === 'row');

  const memGiB = (totalmem() / 1024 ** 3).toFixed(1);
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = `node --import tsx bench/ingest/run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const rows: [string, string][] = [
    ['Server events/s acknowledged (durable)', fmt(rate)],
    ['Requests/s (batches of 100)', fmt(measuredRequests / measuredSeconds)],
    [
      'Latency p50 / p99 / max (ms)',
      [0.5, 0.99, 1].map((p) => percentile(latencies, p).toFixed(1)).join(' / '),
    ],
    ['Server RSS idle / max', `${mib(idleRss)} / ${mib(maxRss)}`],
    ['Server CPU (cores busy, avg)', (serverCpu / loadWall).toFixed(2)],
    // Other work on a shared machine takes cores from the server; its cost per event is steadier than its rate.
    ['Server events per CPU-second', fmt((rate * loadWall) / Math.max(serverCpu, 1e-9))],
    ['Load generator CPU (cores busy, avg)', (workerCpu / loadWall).toFixed(2)],
    ['Events acknowledged / stored (incl. warm-up)', `${fmt(totalEvents)} / ${fmt(stored)}`],
    ['Errors / batches built during the run', `${errors} / ${liveBatches}`],
    [
      'Server DB file after shutdown',
      `${mib(dbBytes)} (${(dbBytes / Math.max(1, stored)).toFixed(0)} B/event)`,
    ],
    ['Shutdown (SIGTERM → exit, incl. checkpoint)', `${shutdownSeconds.toFixed(1)} s`],
  ];
  for (const r of raws) {
    rows.push([
      `Raw DuckDB ${r.method === 'row' ? 'row appender' : 'DataChunk appender'} events/s (10k-row txns)`,
      `${fmt(r.rate)} (${fmt(r.rows)} rows; ${(r.commitShare * 100).toFixed(0)}% in COMMIT, max ${r.maxCommitMs.toFixed(0)} ms)`,
    ]);
  }
  if (rawRow) rows.push(['Server / raw row-appender rate', `${((rate / rawRow.rate) * 100).toFixed(0)}%`]);
  const table = ['| Metric | Value |', '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');

  let profile = '';
  if (args['cpu-prof']) {
    const file = existsSync(profDir)
      ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
      : undefined;
    profile = file
      ? `\n\nServer CPU profile (\`${path.relative(REPO_ROOT, path.join(profDir, file))}\`):\n\n${profileMarkdown(summarizeProfile(path.join(profDir, file)))}`
      : '\n\n(no CPU profile was written)';
  }
  if (args.instrument) {
    profile += existsSync(statsFile)
      ? `\n\n${readFileSync(statsFile, 'utf8').trimEnd()}`
      : '\n\n(no instrumentation report was written)';
  }

  const entry = [
    `### ${date}`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${memGiB} GiB RAM ` +
      `(${(freemem() / 1024 ** 3).toFixed(1)} GiB free), Node ${process.version}. ` +
      `Load: ${WORKERS} worker process(es), ${CONNECTIONS} keep-alive connections, posthog-node 5.70-shaped ` +
      `gzipped batches of ${BATCH_SIZE} (${ready0.rawBytesPerEvent.toFixed(0)} B JSON/event), 10k users, ` +
      `${SECONDS} s measured after ${WARMUP} s warm-up.`,
    '',
    `Command: \`${command}\``,
    '',
    table,
  ].join('\n');
  console.log(`\n${entry}${profile}\n`);
  if (args.json) {
    const summary: IngestSummary = {
      bench: 'ingest',
      eventsStored: stored,
      eventsAcknowledged: totalEvents,
      serverCpuSeconds: serverCpu,
      usCpuPerEvent: (serverCpu / Math.max(1, stored)) * 1e6,
      eventsPerSecond: rate,
      p99Ms: percentile(latencies, 0.99),
      errors,
    };
    console.log(JSON.stringify(summary));
  }

  if (!args['no-write']) {
    let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
    if (!text.includes(HEADING))
      text = `${text.trimEnd()}\n\n${HEADING}\n\nGoal: ≥ 100,000 events/s and ≥ 50% of the raw appender rate, with durable acks.\n`;
    const start = text.indexOf(HEADING) + HEADING.length;
    const nextHeading = text.indexOf('\n## ', start);
    const end = nextHeading < 0 ? text.length : nextHeading;
    text = `${text.slice(0, end).trimEnd()}\n\n${entry}${profile}\n${text.slice(end)}`;
    writeFileSync(RESULTS, text.endsWith('\n') ? text : `${text}\n`);
    console.log(`appended to ${path.relative(REPO_ROOT, RESULTS)}`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
