import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { profileMarkdown, summarizeProfile } from '../ingest/profile-summary.ts';
import { REPO_ROOT, type ServerProcess, startServer } from '../ingest/server-process.ts';
import { generate } from '../query/generate-events.ts';
import { startIngest, startQueryLoops } from './background-load.ts';
import type { LoadRequest } from './load-generator.ts';
import { loadTarget } from './load-target.ts';
import { makeCompanies, makeUsers } from './population.ts';
import { errorsOf, rate } from './report.ts';
import { checkAnswers } from './sanity.ts';
import { seed } from './seed.ts';

/**
 * Flags isolation (issue 17 goal 2): `/flags` at 16 connections idle, then while (a) 4 loops of uncached
 * dashboard queries run, (b) 4 posthog-node senders ingest gzipped batches, (c) both, on a data folder with
 * `--events` generated events. Each `--variant` (server environment) is started on the same data folder in
 * turn, `--rounds` times alternated, so a change is compared side by side in one run.
 *
 *   node --import tsx bench/flags-http/isolation-run.ts [--events 10000000] [--seconds 10] [--warmup 2]
 *     [--connections 16] [--loops 4] [--senders 4] [--rounds 1] [--cpu-prof]
 *     [--variant 'name:KEY=VALUE,KEY=VALUE' …]
 */

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    loops: { type: 'string', default: '4' },
    senders: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '1' },
    'pool-rate': { type: 'string', default: '40000' },
    'cpu-prof': { type: 'boolean', default: false },
    variant: { type: 'string', multiple: true },
  },
});

const PROJECT_KEY = 'phc_bench_flags_isolation';
const PERSONAL_KEY = 'phx_bench_flags_isolation';
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const PHASES = ['idle', 'dashboard queries', 'ingestion', 'queries + ingestion'] as const;
type Phase = (typeof PHASES)[number];

interface Variant {
  name: string;
  env: Record<string, string>;
}

function parseVariant(spec: string): Variant {
  const [name = spec, rest = ''] = spec.split(':', 2);
  const env: Record<string, string> = {};
  for (const pair of rest.split(',').filter(Boolean)) {
    const [k, v = ''] = pair.split('=', 2);
    if (k) env[k] = v;
  }
  return { name, env };
}

interface PhaseRow {
  variant: string;
  phase: Phase;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  serverCores: number;
  background: string;
}

const serverEnv = (extra: Record<string, string>) => ({
  SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
  SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
  ...extra,
});

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  if (exit.code !== 0) console.log(`server exited with ${exit.code ?? exit.signal}:\n${server.output()}`);
}

const flagsLoad = (url: string, flagKeys: string[]): LoadRequest => ({
  kind: 'posthog',
  url,
  token: PROJECT_KEY,
  connections: Number(args.connections),
  mode: 'timed',
  warmupSeconds: WARMUP,
  seconds: SECONDS,
  encoding: 'gzip',
  flagKeys,
});

async function measurePhase(
  server: ServerProcess,
  variant: string,
  phase: Phase,
  flagKeys: string[],
): Promise<PhaseRow> {
  const queries = phase === 'dashboard queries' || phase === 'queries + ingestion';
  const ingest = phase === 'ingestion' || phase === 'queries + ingestion';
  // The senders run a little longer than the measured window, so it sits inside their load.
  const stopIngest = ingest
    ? await startIngest({
        url: server.url,
        apiKey: PROJECT_KEY,
        connections: Number(args.senders),
        seconds: WARMUP + SECONDS + 2,
        poolBatches: Math.ceil(((WARMUP + SECONDS + 2) * Number(args['pool-rate'])) / 100),
      })
    : undefined;
  const stopQueries = queries ? startQueryLoops(server.url, PERSONAL_KEY, Number(args.loops)) : undefined;
  const m = await loadTarget(`${variant} ${phase}`, server.pid, flagsLoad(server.url, flagKeys));
  const q = await stopQueries?.();
  const i = await stopIngest?.();
  const background = [
    q ? `${q.queries} queries (median ${q.medianMs.toFixed(0)} ms, ${q.errors} errors)` : '',
    i ? `${i.events.toLocaleString('en-US')} events ingested (${i.errors} errors)` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (q?.firstError) console.log(`query error: ${q.firstError}`);
  if (i?.firstError) console.log(`ingest error: ${i.firstError}`);
  const row: PhaseRow = {
    variant,
    phase,
    reqPerSec: rate(m),
    p50: m.load.latencyMs.p50,
    p99: m.load.latencyMs.p99,
    max: m.load.latencyMs.max,
    errors: errorsOf(m),
    serverCores: m.serverCores,
    background: background || '—',
  };
  console.log(
    `${variant} / ${phase}: ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} p99 ${row.p99.toFixed(1)} max ${row.max.toFixed(0)} ms; ${row.background}`,
  );
  return row;
}

function table(rows: PhaseRow[]): string {
  const lines = [
    '| variant | phase | /flags req/s (vs idle) | p50 / p99 / max ms | p99 vs idle | server cores | background work done | goal (p99 ≤ 2× idle and ≤ 20 ms, ≥ 50% req/s) |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const idle = rows.find((x) => x.variant === r.variant && x.phase === 'idle');
    const rateRatio = idle ? r.reqPerSec / idle.reqPerSec : Number.NaN;
    const p99Ratio = idle ? r.p99 / idle.p99 : Number.NaN;
    const met = r.phase === 'idle' || (p99Ratio <= 2 && r.p99 <= 20 && rateRatio >= 0.5 && r.errors === 0);
    lines.push(
      `| ${r.variant} | ${r.phase} | ${Math.round(r.reqPerSec).toLocaleString('en-US')} (${(rateRatio * 100).toFixed(0)}%) | ` +
        `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} / ${r.max.toFixed(0)} | ${p99Ratio.toFixed(1)}× | ` +
        `${r.serverCores.toFixed(2)} | ${r.background} | ${r.phase === 'idle' ? '—' : met ? 'met' : '**missed**'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const tmp = mkdtempSync(path.join(tmpdir(), 'signpost-bench-flags-isolation-'));
  const dataDir = path.join(tmp, 'data');
  const profDir = path.join(REPO_ROOT, `bench/.out/prof-flags-isolation-${Date.now()}`);
  const variants = (args.variant ?? ['default']).map(parseVariant);
  const rows: PhaseRow[] = [];
  try {
    // First start creates the project; the generator writes under its id while no server holds the file.
    let server = await startServer({ dataDir, env: serverEnv({}), bundled: true });
    const project = (await (
      await fetch(`${server.url}/api/projects/@current/`, {
        headers: { authorization: `Bearer ${PERSONAL_KEY}` },
      })
    ).json()) as { id: number };
    const users = makeUsers();
    const companies = makeCompanies();
    const seeded = await seed({
      url: server.url,
      projectKey: PROJECT_KEY,
      personalKey: PERSONAL_KEY,
      users,
      companies,
    });
    await checkAnswers({ url: server.url, token: PROJECT_KEY, users, companies, flagKeys: seeded.flagKeys });
    await stop(server);
    const db = await DuckDbDatabase.open(dataDir);
    const t0 = performance.now();
    await generate(db, { events: Number(args.events), days: 30, end: new Date(), projectId: project.id });
    await db.close();
    console.log(
      `generated ${Number(args.events).toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const variant of variants) {
        const started = performance.now();
        server = await startServer({
          dataDir,
          env: serverEnv(variant.env),
          readyWithinMs: 600_000,
          bundled: true,
          nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}/${variant.name}`] : [],
        });
        console.log(`${variant.name}: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        try {
          // Every distinct id once first: the phases compare steady states, not the first sight after a start.
          await loadTarget('first sight', server.pid, {
            ...flagsLoad(server.url, seeded.flagKeys),
            mode: 'once',
          });
          for (const phase of PHASES)
            rows.push(await measurePhase(server, variant.name, phase, seeded.flagKeys));
        } finally {
          await stop(server);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const command =
    `node --import tsx bench/flags-http/isolation-run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const load = (xs: number[]) => xs.map((l) => l.toFixed(2)).join(' ');
  const variantsText = variants
    .map((v) => `\`${v.name}\` = ${Object.keys(v.env).length ? JSON.stringify(v.env) : 'defaults'}`)
    .join(', ');
  const entry = [
    `### Flags isolation ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${command}\`; load average before / after: ${load(loadBefore)} / ${load(loadavg())}. ` +
      `${Number(args.events).toLocaleString('en-US')} generated events; /flags at ${args.connections} connections ` +
      `(${WARMUP} s warm-up, ${SECONDS} s measured per phase); ${args.loops} loops of uncached dashboard queries ` +
      `(\`refresh: force_blocking\`, the six bench dashboard tiles in turn); ${args.senders} posthog-node senders ` +
      `of gzipped 100-event batches. Variants: ${variantsText}.`,
    '',
    table(rows),
  ].join('\n');
  let profile = '';
  if (args['cpu-prof'])
    for (const v of variants) {
      const dir = path.join(profDir, v.name);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
      for (const f of files)
        profile += `\n\nCPU profile of \`${v.name}\` (${path.relative(REPO_ROOT, path.join(dir, f))}):\n\n${profileMarkdown(summarizeProfile(path.join(dir, f)))}`;
    }
  console.log(`\n${entry}${profile}\n`);
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
