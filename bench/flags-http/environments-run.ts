import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, type ServerProcess, startServer } from '../ingest/server-process.ts';
import { DYNAMIC_COHORT, flagSuite } from './flag-suite.ts';
import { environment, writeEntry } from './report.ts';

/**
 * Issue 12's bench row: many projects × environments × flags in one server. Creates them through the API (10
 * projects × 3 environments × 20 flags = 600 flag definitions, each environment's switched on), measures the
 * server's RSS and heap (after GC, via heap-probe.mjs) before and after, then restarts it on the same data and
 * times each environment's first `/flags` request against its steady state, and the memory once all are loaded.
 *
 *   node --import tsx bench/flags-http/environments-run.ts [--projects 10] [--environments 3] [--steady 20]
 *     [--no-write]
 */

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '10' },
    environments: { type: 'string', default: '3' },
    steady: { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const PROJECTS = Number(args.projects);
const ENVIRONMENTS = Number(args.environments);
const STEADY = Number(args.steady);
const PROJECT_KEY = 'phc_bench_environments_project';
const PERSONAL_KEY = 'phx_bench_environments_personal';
const EXTRA_NAMES = ['staging', 'development', 'qa', 'preview', 'sandbox'];

interface Memory {
  rss: number;
  heapUsed: number;
}
interface Env {
  id: number;
  project: number;
  name: string;
  token: string;
}

async function api<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Heap and RSS after two full GCs in the server, read through the probe's file. */
async function memoryOf(server: ServerProcess, file: string): Promise<Memory> {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text && text !== before) {
      const m = JSON.parse(text) as { rss: number; heapUsed: number };
      return { rss: m.rss, heapUsed: m.heapUsed };
    }
  }
  throw new Error('the heap probe did not answer');
}

/** One `/flags` request as posthog-js sends it (plain JSON); answers its wall time in ms. */
async function flagsRequest(url: string, env: Env, distinctId: string, expect: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: env.token, distinct_id: distinctId }),
  });
  const body = (await response.json()) as {
    flags?: Record<string, unknown>;
    errorsWhileComputingFlags?: boolean;
  };
  const ms = performance.now() - started;
  const count = Object.keys(body.flags ?? {}).length;
  if (response.status !== 200 || count !== expect || body.errorsWhileComputingFlags)
    throw new Error(`/flags for ${env.name} (${env.id}): ${response.status}, ${count} flags`);
  return ms;
}

async function groupIdentify(url: string, token: string): Promise<void> {
  const event = {
    event: '$groupidentify',
    distinct_id: 'bench-setup',
    properties: { $group_type: 'company', $group_key: 'acme', $group_set: { tier: 'enterprise' } },
  };
  const response = await fetch(`${url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: token, batch: [event] }),
  });
  if (!response.ok) throw new Error(`/batch/ → ${response.status}`);
}

async function populate(url: string): Promise<{ envs: Env[]; flagsPerProject: number }> {
  const projectIds = [1];
  for (let p = 2; p <= PROJECTS; p++)
    projectIds.push(
      (await api<{ project_id: number }>(`${url}/api/projects/`, 'POST', { name: `App ${p}` })).project_id,
    );
  const envs: Env[] = [];
  let flagsPerProject = 0;
  for (const project of projectIds) {
    const base = `${url}/api/projects/${project}`;
    for (const name of EXTRA_NAMES.slice(0, ENVIRONMENTS - 1))
      await api(`${base}/environments/`, 'POST', { name });
    const listed = await api<{ results: { id: number; name: string; api_token: string }[] }>(
      `${base}/environments/`,
      'GET',
    );
    // The suite's group flag needs the `company` group type, which exists once an event has named it.
    for (const e of listed.results) await groupIdentify(url, e.api_token);
    const dynamic = await api<{ id: number }>(`${base}/cohorts/`, 'POST', DYNAMIC_COHORT);
    const fixed = await api<{ id: number }>(`${base}/cohorts/`, 'POST', {
      name: 'Hand-picked',
      is_static: true,
      distinct_ids: ['user-1', 'user-2'],
    });
    const flags = flagSuite(dynamic.id, fixed.id);
    flagsPerProject = flags.length;
    const ids: number[] = [];
    for (const flag of flags)
      ids.push((await api<{ id: number }>(`${base}/feature_flags/`, 'POST', flag)).id);
    for (const e of listed.results) {
      envs.push({ id: e.id, project, name: e.name, token: e.api_token });
      // New environments get each flag switched off; switch them on so every definition is evaluated.
      if (e.id === project) continue;
      for (const id of ids)
        await api(`${url}/api/projects/${e.id}/feature_flags/${id}/`, 'PATCH', { active: true });
    }
  }
  return { envs, flagsPerProject };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
const ms = (n: number) => n.toFixed(2);

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** The first request of every environment, one after another; answers their latencies. */
async function firstRequests(url: string, envs: Env[], flags: number): Promise<number[]> {
  const first: number[] = [];
  for (const env of envs) first.push(await flagsRequest(url, env, `first-${env.id}`, flags));
  return first;
}

/** `STEADY` more rounds over every environment, each with a distinct id per round. */
async function steadyRequests(url: string, envs: Env[], flags: number): Promise<number[]> {
  const steady: number[] = [];
  for (let i = 0; i < STEADY; i++)
    for (const env of envs) steady.push(await flagsRequest(url, env, `user-${i}`, flags));
  return steady;
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const tmp = mkdtempSync(path.join(tmpdir(), 'signpost-bench-environments-'));
  const heapFile = path.join(tmp, 'heap.json');
  const start = () =>
    startServer({
      dataDir: path.join(tmp, 'data'),
      env: {
        SIGNPOST_PROJECT_API_KEY: PROJECT_KEY,
        SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY,
        BENCH_HEAP_FILE: heapFile,
        // ~700 API calls in a few seconds from one key: the bench is not what the per-key limit guards against.
        SIGNPOST_RATE_LIMIT_API_PER_CALLER: '0',
      },
      nodeArgs: ['--expose-gc', '--import', path.join(import.meta.dirname, 'heap-probe.mjs')],
    });
  const lines: string[] = [];
  try {
    const server = await start();
    let envs: Env[];
    let definitions: number;
    let flags: number;
    let empty: Memory;
    let loaded: Memory;
    let creatingSeconds: number;
    try {
      empty = await memoryOf(server, heapFile);
      const t0 = performance.now();
      const made = await populate(server.url);
      creatingSeconds = (performance.now() - t0) / 1000;
      envs = made.envs;
      flags = made.flagsPerProject;
      definitions = envs.length * flags;
      await firstRequests(server.url, envs, flags);
      loaded = await memoryOf(server, heapFile);
    } finally {
      await stop(server);
    }
    console.log(`created ${envs.length} environments × ${flags} flags in ${creatingSeconds.toFixed(1)} s`);

    // Cold: a restart reads everything back from DuckDB; each environment's first request pays its own loading.
    const restarted = await start();
    try {
      const idle = await memoryOf(restarted, heapFile);
      const first = await firstRequests(restarted.url, envs, flags);
      // Before the steady rounds, whose new distinct ids would add identity caches to the figure.
      const all = await memoryOf(restarted, heapFile);
      const steady = await steadyRequests(restarted.url, envs, flags);
      const perDef = (a: Memory, b: Memory, k: keyof Memory) => (b[k] - a[k]) / definitions;
      const slowest = envs[first.indexOf(Math.max(...first))];
      lines.push(
        `${PROJECTS} projects × ${ENVIRONMENTS} environments × ${flags} flags = ${definitions} flag definitions ` +
          `(bench/flags-http's 20-flag suite in every project, switched on in every environment), created ` +
          `through the API in ${creatingSeconds.toFixed(1)} s.`,
        '',
        '| memory (after GC) | RSS | heap used |',
        '| --- | ---: | ---: |',
        `| fresh server, 1 empty project | ${mib(empty.rss)} | ${mib(empty.heapUsed)} |`,
        `| after creating all through the API and one /flags per environment | ${mib(loaded.rss)} | ${mib(loaded.heapUsed)} |`,
        `| restarted on the same data, before any request | ${mib(idle.rss)} | ${mib(idle.heapUsed)} |`,
        `| restarted, after each environment's first /flags | ${mib(all.rss)} | ${mib(all.heapUsed)} |`,
        `| per flag definition, stored (restarted idle − fresh) ÷ ${definitions} | ${kib(perDef(empty, idle, 'rss'))} | ${kib(perDef(empty, idle, 'heapUsed'))} |`,
        `| per flag definition, compiled by first requests (after first − idle) ÷ ${definitions} | ${kib(perDef(idle, all, 'rss'))} | ${kib(perDef(idle, all, 'heapUsed'))} |`,
        `| per flag definition, in all (after first − fresh) ÷ ${definitions} | ${kib(perDef(empty, all, 'rss'))} | ${kib(perDef(empty, all, 'heapUsed'))} |`,
        '',
        `| /flags latency after the restart, one request at a time (ms) | n | median | p90 | max |`,
        '| --- | ---: | ---: | ---: | ---: |',
        `| first request of each environment | ${first.length} | ${ms(median(first))} | ${ms(pct(first, 90))} | ${ms(Math.max(...first))} |`,
        `| steady state (${STEADY} more rounds over all environments) | ${steady.length} | ${ms(median(steady))} | ${ms(pct(steady, 90))} | ${ms(Math.max(...steady))} |`,
        '',
        `First-request cost per environment: median ${ms(median(first) - median(steady))} ms over the steady ` +
          `median; the slowest first request was ${slowest?.name} of project ${slowest?.project} (the ` +
          `server's very first /flags after the restart pays for the process's own warm-up too).`,
      );
    } finally {
      await stop(restarted);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const command =
    `node --import tsx bench/flags-http/environments-run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const entry = [
    `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — many projects and environments`,
    '',
    environment(
      command,
      loadBefore,
      'Requests: `POST /flags/?v=2`, plain JSON, sequential over one keep-alive connection, a distinct id never seen before per first request; every answer must carry all flags.',
    ),
    '',
    ...lines,
  ].join('\n');
  console.log(`\n${entry}\n`);
  if (!args['no-write']) writeEntry(path.join(REPO_ROOT, 'bench/RESULTS.md'), `${entry}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
