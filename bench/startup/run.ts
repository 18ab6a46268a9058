/**
 * bench/startup: time from spawning the start command to the first `GET /_health` → 200, side by side with a
 * bare `node:http` server started the same way (the floor for "a Node process that listens").
 *
 * Then restarts on data folders seeded with 0, 1M and 10M events (seeded-start.ts): time to `/_health`,
 * first `/flags` and first capture 200, time until the background warm-up ends, and RSS.
 *
 *   node --import tsx bench/startup/run.ts [--runs 5] [--sizes 0,1000000,10000000] [--seeded-runs 3]
 *     [--idle-seconds 60] [--no-write]
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, REPO_ROOT } from '../ingest/server-process.ts';
import { type SeededStart, seedDataFolder, startSeeded } from './seeded-start.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '0,1000000,10000000' },
    'seeded-runs': { type: 'string', default: '3' },
    'idle-seconds': { type: 'string', default: '60' },
    /** Keeps seeded folders here (`seeded-<events>`) and reuses them: seeding 10M events takes minutes. */
    seeds: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const SIZES = args.sizes.split(',').filter(Boolean).map(Number);
const SEEDED_RUNS = Number(args['seeded-runs']);
const IDLE_SECONDS = Number(args['idle-seconds']);

interface Variant {
  name: string;
  command: (port: number, dataDir: string) => { file: string; argv: string[] };
  /** A fresh data folder per run (first start: migrations, project and keys created). */
  freshData: boolean;
}

const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');
const START = path.join(REPO_ROOT, 'packages/server/bin/start.mjs');
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.SIGNPOST_PORT), '127.0.0.1')`;

const variants: Variant[] = [
  {
    name: 'floor: bare node:http server (`node -e`)',
    command: () => ({ file: process.execPath, argv: ['-e', BARE] }),
    freshData: false,
  },
  {
    name: 'Signpost from source under tsx, first start (new data folder)',
    command: () => ({ file: process.execPath, argv: ['--import', 'tsx', MAIN] }),
    freshData: true,
  },
  {
    name: 'Signpost from source under tsx, restart',
    command: () => ({ file: process.execPath, argv: ['--import', 'tsx', MAIN] }),
    freshData: false,
  },
  {
    name: 'Signpost bundled (`bin/start.mjs`), first start (new data folder)',
    command: () => ({ file: process.execPath, argv: [START] }),
    freshData: true,
  },
  {
    name: 'Signpost bundled (`bin/start.mjs`), restart',
    command: () => ({ file: process.execPath, argv: [START] }),
    freshData: false,
  },
  {
    name: 'Signpost via `npm start` (restart)',
    command: () => ({ file: 'npm', argv: ['start', '--silent'] }),
    freshData: false,
  },
];

async function timeToHealthy(variant: Variant, dataDir: string): Promise<number> {
  const port = await freePort();
  const { file, argv } = variant.command(port, dataDir);
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SIGNPOST_HOST: '127.0.0.1',
      SIGNPOST_PORT: String(port),
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error(`${variant.name}: not healthy within 30 s`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/_health`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // npm runs the server as a grandchild: signal the whole process group.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// A fresh build, so no timed start pays for one (a start rebuilds when a source file changed).
execFileSync(process.execPath, [path.join(REPO_ROOT, 'packages/server/bin/bundle.mjs')], {
  stdio: 'inherit',
});
const tmp = mkdtempSync(path.join(os.tmpdir(), 'signpost-startup-'));
const rows: { name: string; runs: number[] }[] = [];
const seeded: { events: number; seedMs: number; runs: SeededStart[] }[] = [];
try {
  const shared = path.join(tmp, 'shared');
  await timeToHealthy(variants[1] as Variant, shared); // creates the folder the restart variants reuse
  for (const variant of variants) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = variant.freshData ? path.join(tmp, `fresh-${i}`) : shared;
      runs.push(await timeToHealthy(variant, dir));
    }
    rows.push({ name: variant.name, runs });
    console.log(`${variant.name}: ${runs.map((r) => r.toFixed(0)).join(', ')} ms`);
  }
  for (const events of SIZES) {
    const dir = path.join(args.seeds ?? tmp, `seeded-${events}`);
    const seedMs = existsSync(dir) ? Number.NaN : await seedDataFolder(dir, events);
    const runs: SeededStart[] = [];
    // The first run also idles for the RSS figure; the others only time the start.
    for (let i = 0; i < SEEDED_RUNS; i++) runs.push(await startSeeded(dir, i === 0 ? IDLE_SECONDS : 0));
    seeded.push({ events, seedMs, runs });
    console.log(`${events} events (seeded in ${(seedMs / 1000).toFixed(1)} s):`, JSON.stringify(runs));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const floor = median(rows[0]?.runs ?? []);
const table = [
  '| start command | median ms (spawn → /_health 200) | min / max ms | vs floor |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${median(r.runs).toFixed(0)} | ${Math.min(...r.runs).toFixed(0)} / ` +
      `${Math.max(...r.runs).toFixed(0)} | ${(median(r.runs) / floor).toFixed(1)}× |`,
  ),
].join('\n');
const med = (runs: SeededStart[], pick: (r: SeededStart) => number) => median(runs.map(pick)).toFixed(0);
const seededTable = [
  '| events in the data folder | → /_health 200 | → first /flags 200 | → first capture 200 | → warm-up done | /_health vs floor | RSS ready / warm / idle MB |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...seeded.map(({ events, runs }) => {
    const first = runs[0];
    const rss = first
      ? `${first.rssReadyMb.toFixed(0)} / ${first.rssWarmMb.toFixed(0)} / ${first.rssIdleMb.toFixed(0)}`
      : '';
    return (
      `| ${events.toLocaleString('en')} | ${med(runs, (r) => r.healthMs)} ms | ${med(runs, (r) => r.flagsMs)} ms | ` +
      `${med(runs, (r) => r.captureMs)} ms | ${med(runs, (r) => r.warmUpMs)} ms | ` +
      `${(median(runs.map((r) => r.healthMs)) / floor).toFixed(1)}× | ${rss} |`
    );
  }),
].join('\n');
const section = [
  '',
  `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  '',
  `Machine: ${os.availableParallelism()} cores, Node ${process.version}, load average before ` +
    `${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}. ${RUNS} runs each. Goal: ready in under 3 s.`,
  '',
  `Command: \`node --import tsx bench/startup/run.ts --runs ${RUNS}\``,
  '',
  table,
  '',
  `Restarts on seeded data folders (medians of ${SEEDED_RUNS} runs, spawn → each first 200; RSS from the first ` +
    `run: when /_health, /flags and capture all answered, after the background warm-up, and after ` +
    `${IDLE_SECONDS} s idle). Goal: under 1 s on any data size; RSS under 120 MB empty, 250 MB at 10M.`,
  '',
  seededTable,
  '',
].join('\n');
console.log(section);
if (!args['no-write']) {
  appendFileSync(path.join(REPO_ROOT, 'bench/RESULTS.md'), `\n## Start-up (bench/startup)\n${section}`);
}
