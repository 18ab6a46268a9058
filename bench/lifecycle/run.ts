/**
 * bench/lifecycle (issue 15): the three data-lifecycle operations on one seeded data folder, each next to a plain
 * `cp -r` of the same folder measured in the same run as the limit, while a separate load process keeps posting
 * batches and timing /flags against the server:
 *   1. an online backup (`POST /api/backups`, what `npm run backup` does against a running server),
 *   2. erasing one person (`DELETE /persons/?distinct_id=…&mode=erase`),
 *   3. retention deleting the oldest (days − keep) days (`event_retention_days = keep`, one run of the job).
 *
 *   node --import tsx bench/lifecycle/run.ts --events 10000000 [--days 90 --keep 60] [--no-write]
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { requestBackup } from '../../packages/server/src/cli/backup/request-backup.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { createSignpost } from '../../packages/server/src/server.ts';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { openDuckDbStorage } from '../../packages/server/src/storage/duckdb/duckdb-storage.ts';
import { seedDemoData } from '../../packages/server/src/storage/duckdb/seed/seed-demo-data.ts';
import { silentLogger } from '../../packages/server/src/util/logger.ts';
import { generate } from '../query/generate-events.ts';
import { LoadSamples } from './load-samples.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    keep: { type: 'string', default: '60' },
    'no-write': { type: 'boolean', default: false },
    /** A folder to keep the seeded data in and reuse on the next run with the same sizes (seeding 10M takes minutes). */
    seeded: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const DAYS = Number(args.days);
const KEEP = Number(args.keep);
const PROJECT_KEY = 'phc_bench_lifecycle_project';
const PERSONAL_KEY = 'phx_bench_lifecycle_personal';
const SETTLE_MS = 4_000;
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const root = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-lifecycle-'));
const dataDir = path.join(root, 'data');
const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

/**
 * The project and keys as `npm run seed` makes them, then the events by DuckDB itself (bench/query's generator,
 * ~6× faster than the demo seed) over DAYS days ending now.
 */
async function seed(): Promise<void> {
  const { projectId } = await seedDemoData({
    dataDir,
    events: 0,
    days: DAYS,
    projectKey: PROJECT_KEY,
    personalKey: PERSONAL_KEY,
  });
  const db = await DuckDbDatabase.open(dataDir);
  try {
    await generate(db, { events: EVENTS, days: DAYS, end: new Date(), projectId });
  } finally {
    await db.close();
  }
}

/** `cp -r` of the data folder into a fresh folder, the limit every operation is compared with: wall and CPU ms. */
function timeCopy(): { ms: number; cpuMs: number } {
  const target = path.join(root, `cp-${Date.now()}`);
  const t = performance.now();
  const run = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time cp -r "$0" "$1"', dataDir, target], {
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (run.status !== 0) throw new Error(`cp failed: ${run.stderr}`);
  const [user = 0, sys = 0] = run.stderr.trim().split(/\s+/).map(Number);
  rmSync(target, { recursive: true, force: true });
  return { ms, cpuMs: (user + sys) * 1000 };
}

interface OpResult {
  name: string;
  wallMs: number;
  cpuMs: number;
  cp: { ms: number; cpuMs: number };
  what: string;
  ingestBefore: number;
  ingestDuring: number;
  flagsBefore: string;
  flagsDuring: string;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const cached = args.seeded && path.join(args.seeded, `${EVENTS}-${DAYS}`);
  if (cached && existsSync(cached)) execFileSync('cp', ['-r', cached, dataDir]);
  else {
    await seed();
    if (cached) {
      mkdirSync(path.dirname(cached), { recursive: true });
      execFileSync('cp', ['-r', dataDir, cached]);
    }
  }
  const seedS = (performance.now() - t0) / 1000;
  const folderBytes = du(dataDir);
  const cpBefore = timeCopy();

  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
    SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '0',
    SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '0',
    SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: '0',
  });
  const signpost = await createSignpost({
    config,
    storage: await openDuckDbStorage(dataDir),
    logger: silentLogger,
  });
  const server = serve({ fetch: signpost.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/projects/@current${route}`, {
      method,
      headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const loader: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'load.ts'), url, PROJECT_KEY, '4'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const samples = new LoadSamples();
  if (!loader.stdout) throw new Error('no loader output');
  createInterface({ input: loader.stdout }).on('line', (line) => samples.add(line));

  // The load process needs a few seconds to start (tsx); nothing is measured before its first acknowledgement.
  while (samples.ackedAt(Date.now()) === 0) await new Promise((r) => setTimeout(r, 200));
  const results: OpResult[] = [];
  const measure = async (name: string, op: () => Promise<string>) => {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const before = Date.now();
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const what = await op();
    const wallMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const after = Date.now();
    results.push({
      name,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cp: timeCopy(),
      what,
      ingestBefore: samples.rate(before - SETTLE_MS, before),
      ingestDuring: samples.rate(before, after),
      flagsBefore: samples.flags(before - SETTLE_MS, before),
      flagsDuring: samples.flags(before, after),
    });
    console.log(JSON.stringify(results.at(-1)));
  };

  try {
    await measure('online backup (`POST /api/backups`)', async () => {
      const acked = samples.ackedAt(Date.now());
      const manifest = await requestBackup({
        baseUrl: url,
        key: PERSONAL_KEY,
        to: path.join(root, 'backup'),
      });
      // Every event acknowledged before the request (seeded + loaded) must be in the snapshot.
      if (manifest.eventCount < EVENTS + acked)
        throw new Error(
          `backup holds ${manifest.eventCount} events, fewer than ${EVENTS + acked} acknowledged`,
        );
      const mb = manifest.files.reduce((n, f) => n + f.bytes, 0) / 1e6;
      rmSync(path.join(root, 'backup'), { recursive: true, force: true });
      return `${manifest.eventCount.toLocaleString('en-US')} events, ${mb.toFixed(0)} MB written`;
    });

    const persons = (await api('GET', '/persons/?limit=1')).results as { distinct_ids: string[] }[];
    const victim = persons[0]?.distinct_ids[0];
    if (!victim) throw new Error('no person to erase');
    await measure('erase one person (`DELETE /persons/?distinct_id=…`)', async () => {
      const record = await api(
        'DELETE',
        `/persons/?${new URLSearchParams({ distinct_id: victim, mode: 'erase' })}`,
      );
      const counts = record.counts as Record<string, number>;
      return `${(counts.events ?? 0).toLocaleString('en-US')} events of 1 person`;
    });

    await api('PATCH', '/data_settings/', { event_retention_days: KEEP });
    await measure(`retention: keep ${KEEP} of ${DAYS} days`, async () => {
      const run = await signpost.retention?.runOnce();
      const deleted = [...(run?.deleted.values() ?? [])].reduce((a, b) => a + b, 0);
      const usage = (await api('GET', '/data_usage/')).total as { events: number };
      return `${deleted.toLocaleString('en-US')} events deleted, ${usage.events.toLocaleString('en-US')} left`;
    });
  } finally {
    loader.kill('SIGTERM');
    await new Promise((r) => loader.once('exit', r));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await signpost.close();
    rmSync(root, { recursive: true, force: true });
  }

  const load1 = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const lines = [
    '',
    `### bench/lifecycle — ${new Date().toISOString().slice(0, 16)}Z, ${EVENTS.toLocaleString('en-US')} events over ${DAYS} days`,
    '',
    `Machine: ${os.cpus().length} cores, Node ${process.version}, load average at the end ${load1}. Seeded (or copied from --seeded) in ${seedS.toFixed(0)} s;`,
    `data folder ${(folderBytes / 1e6).toFixed(0)} MB; \`cp -r\` of it ${seconds(cpBefore.ms)} s (${(cpBefore.cpuMs / 1000).toFixed(1)} CPU-s) before the server opened it.`,
    `Command: \`node --import tsx bench/lifecycle/run.ts --events ${EVENTS} --days ${DAYS} --keep ${KEEP}\``,
    '',
    '| operation | what it did | time | CPU-s (server process) | `cp -r` same run: time, CPU-s | time / `cp` | CPU / `cp` CPU | ingest ev/s before → during | /flags p50/p99 ms before → during |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.what} | ${seconds(r.wallMs)} s | ${(r.cpuMs / 1000).toFixed(1)} | ${seconds(r.cp.ms)} s, ${(r.cp.cpuMs / 1000).toFixed(1)} | ${(r.wallMs / r.cp.ms).toFixed(1)}× | ${(r.cpuMs / Math.max(1, r.cp.cpuMs)).toFixed(1)}× | ${r.ingestBefore.toLocaleString('en-US')} → ${r.ingestDuring.toLocaleString('en-US')} | ${r.flagsBefore} → ${r.flagsDuring} |`,
    ),
    '',
  ];
  console.log(lines.join('\n'));
  if (!args['no-write']) appendFileSync(path.join(REPO_ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
}

await main();
