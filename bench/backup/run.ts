/**
 * bench/backup: an online backup (`POST /api/backups`, the path `npm run backup` takes against a running
 * server) of a seeded N-event data folder, against `cp` of the same database file in the same run as the limit,
 * with the ingestion rate and /flags latency before and during the backup.
 *
 *   SIGNPOST_BENCH_EVENTS=1000000 node --import tsx bench/backup/run.ts [--no-write]
 *   (1M by default; the 10M figure is SIGNPOST_BENCH_EVENTS=10000000, about 10x the time and disk)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { requestBackup } from '../../packages/server/src/cli/backup/request-backup.ts';
import { seedDemoData } from '../../packages/server/src/storage/duckdb/seed/seed-demo-data.ts';
import { freePort, REPO_ROOT } from '../ingest/server-process.ts';

const { values: args } = parseArgs({ options: { 'no-write': { type: 'boolean', default: false } } });
const EVENTS = Number(process.env.SIGNPOST_BENCH_EVENTS ?? 1_000_000);
const PROJECT_KEY = 'phc_bench_backup_project';
const PERSONAL_KEY = 'phx_bench_backup_personal';
const BATCH = 100;
const SENDERS = 2;
const BASELINE_MS = 5_000;

const root = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-backup-'));
const dataDir = path.join(root, 'data');

interface Window {
  events: number;
  flags: number[];
}

/** Capture batches and /flags calls in a loop; each answered request counts into whichever window is open. */
function load(url: string, stop: () => boolean, window: () => Window) {
  const capture = async () => {
    let n = 0;
    while (!stop()) {
      const batch = Array.from({ length: BATCH }, () => ({
        event: 'bench viewed',
        distinct_id: `bench-${n++ % 5000}`,
        properties: { n },
      }));
      const response = await fetch(`${url}/batch/`, {
        method: 'POST',
        body: JSON.stringify({ api_key: PROJECT_KEY, batch }),
      });
      await response.arrayBuffer();
      if (response.status === 200) window().events += BATCH;
    }
  };
  const flags = async () => {
    let n = 0;
    while (!stop()) {
      const started = performance.now();
      const response = await fetch(`${url}/flags/?v=2`, {
        method: 'POST',
        body: JSON.stringify({ token: PROJECT_KEY, distinct_id: `bench-${n++ % 5000}` }),
      });
      await response.arrayBuffer();
      window().flags.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return Promise.all([...Array.from({ length: SENDERS }, capture), flags()]);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? Number.NaN;
};

/**
 * main.ts on the seeded folder. Not bench/ingest's startServer: opening a large seeded file on a loaded machine
 * can take longer than its 30 s deadline.
 */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/main.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SIGNPOST_HOST: '127.0.0.1',
        SIGNPOST_PORT: String(port),
        SIGNPOST_DATA_DIR: dataDir,
        SIGNPOST_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/_health`)).status === 200) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become healthy within 300 s');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await seedDemoData({
    dataDir,
    events: EVENTS,
    days: 90,
    projectKey: PROJECT_KEY,
    personalKey: PERSONAL_KEY,
  });
  const seedS = (performance.now() - t0) / 1000;
  const file = path.join(dataDir, 'signpost.duckdb');
  const bytes = statSync(file).size;
  let t = performance.now();
  execFileSync('cp', [file, path.join(root, 'copy.duckdb')]);
  const cpMs = performance.now() - t;
  rmSync(path.join(root, 'copy.duckdb'));

  const server = await startServer({
    SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
    // Loading a million recent uuids at start does not change the backup; it only slows the start past 30 s
    // on a loaded machine.
    SIGNPOST_DEDUP_WINDOW: '10000',
    SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '0',
    SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '0',
    SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: '0',
  }).catch((error: unknown) => {
    rmSync(root, { recursive: true, force: true });
    throw error;
  });
  try {
    const baseline: Window = { events: 0, flags: [] };
    const during: Window = { events: 0, flags: [] };
    let current = baseline;
    let stop = false;
    const running = load(
      server.url,
      () => stop,
      () => current,
    );
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    current = during;
    t = performance.now();
    const manifest = await requestBackup({
      baseUrl: server.url,
      key: PERSONAL_KEY,
      to: path.join(root, 'backup'),
    });
    const backupMs = performance.now() - t;
    stop = true;
    await running;
    const backupBytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    const rate = (w: Window, ms: number) => Math.round((w.events / ms) * 1000);
    const row = {
      events: EVENTS,
      fileMb: bytes / 1e6,
      backupMb: backupBytes / 1e6,
      cpMs,
      backupMs,
      ratio: backupMs / cpMs,
      ingestBefore: rate(baseline, BASELINE_MS),
      ingestDuring: rate(during, backupMs),
      flagsP50Before: pct(baseline.flags, 50),
      flagsP99Before: pct(baseline.flags, 99),
      flagsP50During: pct(during.flags, 50),
      flagsP99During: pct(during.flags, 99),
      backedUpEvents: manifest.eventCount,
    };
    console.log(JSON.stringify(row, null, 2));
    const load1 = os.loadavg()[0]?.toFixed(1);
    const lines = [
      '',
      `### bench/backup — ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores, load average ${load1}, seed ${seedS.toFixed(0)} s)`,
      '',
      '| events | file MB | backup MB | `cp` ms | backup ms | backup/`cp` | ingest ev/s before | during | /flags p50/p99 ms before | during |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${EVENTS.toLocaleString('en-US')} | ${row.fileMb.toFixed(0)} | ${row.backupMb.toFixed(0)} | ${cpMs.toFixed(0)} | ${backupMs.toFixed(0)} | ${row.ratio.toFixed(1)} | ${row.ingestBefore.toLocaleString('en-US')} | ${row.ingestDuring.toLocaleString('en-US')} | ${row.flagsP50Before.toFixed(1)}/${row.flagsP99Before.toFixed(1)} | ${row.flagsP50During.toFixed(1)}/${row.flagsP99During.toFixed(1)} |`,
      '',
    ];
    if (!args['no-write']) appendFileSync(path.join(REPO_ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
  } finally {
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
