import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { profileMarkdown, summarizeProfile } from '../ingest/profile-summary.ts';
import { REPO_ROOT, rssBytes, type ServerProcess, startServer } from '../ingest/server-process.ts';
import type { FlagsHttpSummary } from '../regression/bench-summary.ts';
import type { LoadRequest } from './load-generator.ts';
import { loadTarget, type TargetMeasurement } from './load-target.ts';
import { COMPANY_COUNT, IDENTIFIED_COUNT, makeCompanies, makeUsers, USER_COUNT } from './population.ts';
import { environment, errorsOf, rate, table, verdict, writeEntry } from './report.ts';
import { checkAnswers } from './sanity.ts';
import { seed } from './seed.ts';
import { measureUnleash, UNLEASH_ROW } from './unleash-run.ts';

/**
 * `/flags` over HTTP: Signpost as a child process (fresh data folder) with 20 flags, stored persons and groups,
 * loaded by autocannon from another process at 64 connections with posthog-js-shaped bodies, side by side in
 * the same run with a bare `node:http` server answering a same-sized pre-serialised body (the raw HTTP limit)
 * and with Unleash's frontend API on equivalent toggles (skipped, with the reason, where it cannot run).
 *
 *   node --import tsx bench/flags-http/run.ts [--seconds 20] [--warmup 5] [--connections 64]
 *     [--encoding gzip|json] [--only signpost|raw|unleash] [--skip-unleash] [--skip-ofrep] [--cpu-prof]
 *     [--no-write]
 *     [--json] [--server-root <checkout>]
 *
 * --cpu-prof profiles the Signpost process (which slows it a little) and adds the summary to the entry.
 * --server-root loads the Signpost of another checkout (bench/regression: an earlier revision) with this
 * checkout's seed and load; --json ends the output with a one-line summary of the steady state
 * (regression/bench-summary.ts).
 */

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    encoding: { type: 'string', default: 'gzip' },
    only: { type: 'string' },
    'skip-unleash': { type: 'boolean', default: false },
    'skip-ofrep': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'server-root': { type: 'string' },
  },
});

const PROJECT_KEY = 'phc_bench_flags_http_project';
const PERSONAL_KEY = 'phx_bench_flags_http_personal';
const OUT_DIR = path.join(REPO_ROOT, 'bench/.out');
const encoding = args.encoding === 'json' ? 'json' : 'gzip';
const FIRST_SIGHT =
  'Signpost, first request of each distinct id (seeded persons in memory, never-seen ids from the known-id set)';
const AFTER_RESTART =
  'Signpost after a restart, first request of each distinct id (stored persons and groups read in batches)';
const STEADY = 'Signpost, steady state (identities in memory)';
const STEADY_AGAIN = 'Signpost, steady state again, after the OFREP run';
const OFREP_STEADY =
  'Signpost OFREP bulk `POST /ofrep/v1/evaluate/flags`, steady state (same users, same flags)';
const SERVER_ROOT = args['server-root'] ? { root: path.resolve(args['server-root']) } : {};

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  if (exit.code !== 0) console.log(`server exited with ${exit.code ?? exit.signal}:\n${server.output()}`);
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const tmp = mkdtempSync(path.join(tmpdir(), 'signpost-bench-flags-http-'));
  const profDir = path.join(OUT_DIR, `prof-flags-http-${Date.now()}`);
  const users = makeUsers();
  const companies = makeCompanies();
  const wants = (target: string) => (args.only ?? target) === target;
  const load = (url: string, flagKeys: string[], mode: LoadRequest['mode'] = 'timed'): LoadRequest => ({
    kind: 'posthog',
    url,
    token: PROJECT_KEY,
    connections: Number(args.connections),
    mode,
    warmupSeconds: Number(args.warmup),
    seconds: Number(args.seconds),
    encoding,
    flagKeys,
  });
  const rows: TargetMeasurement[] = [];
  let profile = '';
  let unleashNote: string | undefined;
  try {
    const signpost = await startServer({
      dataDir: path.join(tmp, 'data'),
      env: { SIGNPOST_PROJECT_API_KEY: PROJECT_KEY, SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY },
      nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      ...SERVER_ROOT,
    });
    let flagKeys: string[] = [];
    let answer = '';
    try {
      const seeded = await seed({
        url: signpost.url,
        projectKey: PROJECT_KEY,
        personalKey: PERSONAL_KEY,
        users,
        companies,
      });
      flagKeys = seeded.flagKeys;
      answer = await checkAnswers({ url: signpost.url, token: PROJECT_KEY, users, companies, flagKeys });
      console.log(
        `seeded ${seeded.persons} persons, ${seeded.groups} groups, ${flagKeys.length} flags; answers check out`,
      );
      await new Promise((r) => setTimeout(r, 1000));
      if (wants('signpost')) {
        const idle = rssBytes(signpost.pid);
        console.log(`Signpost: each of the ${USER_COUNT} distinct ids once…`);
        rows.push(await loadTarget(FIRST_SIGHT, signpost.pid, load(signpost.url, flagKeys, 'once'), idle));
        console.log(`Signpost: ${args.warmup} s warm-up, ${args.seconds} s measured…`);
        rows.push(await loadTarget(STEADY, signpost.pid, load(signpost.url, flagKeys), idle));
        // --skip-ofrep: the regression bench also drives trees from before OFREP existed.
        if (!args['skip-ofrep']) {
          console.log(`Signpost OFREP bulk: ${args.warmup} s warm-up, ${args.seconds} s measured…`);
          const ofrep = { ...load(signpost.url, flagKeys), kind: 'ofrep' as const };
          rows.push(await loadTarget(OFREP_STEADY, signpost.pid, ofrep, rssBytes(signpost.pid)));
          // /flags once more after OFREP, so the comparison brackets OFREP in time on a machine whose load drifts.
          console.log(`Signpost /flags again: ${args.warmup} s warm-up, ${args.seconds} s measured…`);
          rows.push(await loadTarget(STEADY_AGAIN, signpost.pid, load(signpost.url, flagKeys), idle));
        }
      }
    } finally {
      await stop(signpost);
    }
    if (wants('signpost')) {
      // Nothing is in memory after a restart: stored identities are read from DuckDB, the rest is known-absent.
      const restarted = await startServer({
        dataDir: path.join(tmp, 'data'),
        env: { SIGNPOST_PROJECT_API_KEY: PROJECT_KEY, SIGNPOST_PERSONAL_API_KEY: PERSONAL_KEY },
        ...SERVER_ROOT,
      });
      try {
        const idle = rssBytes(restarted.pid);
        console.log(`Signpost restarted: each of the ${USER_COUNT} distinct ids once…`);
        rows.push(
          await loadTarget(AFTER_RESTART, restarted.pid, load(restarted.url, flagKeys, 'once'), idle),
        );
      } finally {
        await stop(restarted);
      }
    }
    if (wants('raw')) {
      const bodyFile = path.join(tmp, 'answer.json');
      writeFileSync(bodyFile, answer);
      const bare = await startServer({
        dataDir: tmp,
        env: { BENCH_BODY_FILE: bodyFile },
        entry: path.join(import.meta.dirname, 'bare-server.ts'),
      });
      try {
        console.log(`raw node:http: ${args.warmup} s warm-up, ${args.seconds} s measured…`);
        rows.unshift(
          await loadTarget(
            'raw HTTP limit: bare `node:http`, same-sized pre-serialised answer',
            bare.pid,
            load(bare.url, flagKeys),
          ),
        );
      } finally {
        await stop(bare);
      }
    }
    if (wants('unleash') && !args['skip-unleash']) {
      try {
        const unleash = await measureUnleash({ users, companies, load });
        if (unleash.row) rows.push(unleash.row);
        unleashNote = unleash.note;
      } catch (error) {
        unleashNote = `Unleash was not measured: ${String(error).slice(0, 500)}`;
      }
      if (unleashNote) console.log(unleashNote);
    }
    if (args['cpu-prof']) {
      const file = existsSync(profDir)
        ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
        : undefined;
      profile = file
        ? `\n\nSignpost CPU profile (\`${path.relative(REPO_ROOT, path.join(profDir, file))}\`, seeding included):\n\n` +
          profileMarkdown(summarizeProfile(path.join(profDir, file)))
        : '\n\n(no CPU profile was written)';
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const floor = rows.find((r) => r.name.startsWith('raw'));
  const signpostRow = rows.find((r) => r.name === STEADY);
  for (const r of rows)
    if (r.load.firstMismatch) console.log(`${r.name}: first bad body: ${r.load.firstMismatch}`);
  const command = `node --import tsx bench/flags-http/run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const workload =
    `Load: autocannon 8.0.0 in its own process, ${args.connections} keep-alive connections. Signpost is loaded ` +
    `three times: first each of the ${USER_COUNT.toLocaleString('en-US')} distinct ids exactly once (the first sight ` +
    'of each id: persons seeded through this process are in memory, never-seen ids are answered from the ' +
    'known-id set), then round and round the same ids ' +
    `for ${args.warmup} s of warm-up and ${args.seconds} s measured; then it is restarted on the same data and ` +
    'loaded with each id once more (nothing in memory: stored persons and groups are read from DuckDB in ' +
    'batches of concurrent misses); the raw server gets the warm-up and measured ' +
    'run. Requests: posthog-js 1.449-shaped `POST /flags/?v=2` ' +
    `(${encoding === 'gzip' ? 'gzipped, `text/plain`, as js sends them' : 'plain JSON'}; Origin header), ` +
    `${IDENTIFIED_COUNT.toLocaleString('en-US')} of the ids with a stored person (\`$identify\` with \`$set\`), ` +
    `30% in one of ${COMPANY_COUNT} companies (200 with stored properties). 20 flags: booleans, rollouts, person ` +
    'conditions (exact, is_not, icontains, regex, gt, lt, is_set, is_date_before, semver_gte, not_icontains, ' +
    'icontains_multi), two multivariates with payloads, a group flag, a dynamic and a static cohort. Every answer ' +
    'must be a 200 whose JSON carries all 20 flags and no error. Latencies are exact (not autocannon’s whole-ms ' +
    'histogram); server CPU is from /proc (all threads), so µs/request holds even when other jobs share the cores.' +
    (rows.some((r) => r.name === UNLEASH_ROW)
      ? ' Unleash gets the same users as `POST /api/frontend` bodies (`{"context":{"userId",…,"properties"}}` ' +
        'with the whole profile and company properties, since it stores neither) and 20 equivalent toggles ' +
        '(unleash-toggles.ts), after the same warm-up.'
      : '');
  const entry = [
    `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    environment(command, loadBefore, workload),
    '',
    table(rows, floor),
    '',
    signpostRow ? verdict(signpostRow) : '',
    ...comparison(rows, signpostRow),
    ...ofrepComparison(rows, signpostRow),
    ...(unleashNote ? ['', unleashNote] : []),
  ].join('\n');
  console.log(`\n${entry}${profile}\n`);
  if (!args['no-write']) writeEntry(path.join(REPO_ROOT, 'bench/RESULTS.md'), `${entry}${profile}\n`);
  if (args.json && signpostRow) console.log(JSON.stringify(summaryOf(signpostRow)));
  if (rows.some((r) => errorsOf(r) > 0)) process.exitCode = 1;
}

function summaryOf(steady: TargetMeasurement): FlagsHttpSummary {
  return {
    bench: 'flags-http',
    requests: steady.load.requests,
    seconds: steady.load.seconds,
    requestsPerSecond: rate(steady),
    serverCpuSeconds: steady.serverCpuSeconds,
    usCpuPerRequest: (steady.serverCpuSeconds / Math.max(1, steady.load.requests)) * 1e6,
    p99Ms: steady.load.latencyMs.p99,
    errors: errorsOf(steady),
  };
}

/** Signpost's steady state against Unleash, per wall second and per CPU second. */
function comparison(rows: TargetMeasurement[], signpost: TargetMeasurement | undefined): string[] {
  const unleash = rows.find((r) => r.name === UNLEASH_ROW);
  if (!signpost || !unleash) return [];
  const perCpu = (m: TargetMeasurement) => rate(m) / m.serverCores;
  return [
    '',
    `**Against Unleash** (same load, same run): Signpost answers ${(rate(signpost) / rate(unleash)).toFixed(1)}× ` +
      `the requests per second and ${(perCpu(signpost) / perCpu(unleash)).toFixed(1)}× the requests per server ` +
      'CPU-second. The answers differ in kind: Signpost evaluates all 20 flags with stored person and group ' +
      'properties and returns details and payloads for each; Unleash evaluates the request’s own context and lists ' +
      'the enabled toggles only (no regex or is_set operators: the nearest ones are used, see unleash-toggles.ts).',
  ];
}

/** OFREP bulk against `/flags` for the same users and flags (issue 16: within 10%). */
function ofrepComparison(rows: TargetMeasurement[], flags: TargetMeasurement | undefined): string[] {
  const ofrep = rows.find((r) => r.name === OFREP_STEADY);
  const again = rows.find((r) => r.name === STEADY_AGAIN);
  if (!flags || !ofrep) return [];
  const both = again ? [flags, again] : [flags];
  const mean = (f: (m: TargetMeasurement) => number) => both.reduce((s, m) => s + f(m), 0) / both.length;
  const ratio = rate(ofrep) / mean(rate);
  const cpu = (m: TargetMeasurement) => (m.serverCores / rate(m)) * 1e6;
  return [
    '',
    `**OFREP bulk against /flags** (same users, same 20 flags, same run; /flags measured before and after OFREP, ` +
      `averaged): ${(ratio * 100).toFixed(0)}% of the requests per second, p99 ` +
      `${ofrep.load.latencyMs.p99.toFixed(1)} ms against ${mean((m) => m.load.latencyMs.p99).toFixed(1)} ms, ` +
      `${cpu(ofrep).toFixed(0)} against ${mean(cpu).toFixed(0)} µs of server CPU per request — goal within 10%: ` +
      `**${ratio >= 0.9 ? 'met' : 'missed'}**.`,
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
