import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environment, table as flagsTable } from '../flags-http/report.ts';
import { REPO_ROOT } from '../ingest/server-process.ts';
import { type Backends, startBackends } from './backends.ts';
import { runFlagsScenario } from './flags-scenario.ts';
import { runIngestScenario } from './ingest-scenario.ts';
import { runQueriesScenario } from './queries-scenario.ts';
import { ingestNotes, ingestTable, writeEntry } from './report.ts';

/**
 * Issue 13's distributed-mode figures, side by side with the single-file DuckDB server in one run, on one
 * PostgreSQL and the 2-shard × 2-replica ClickHouse test cluster (all on this machine):
 *   ingest   bench/ingest's gzipped posthog-node batches into one DuckDB Signpost, one distributed node, and
 *            two distributed nodes behind round-robin; events/s, p99, CPU per event; every ack counted back
 *   flags    bench/flags-http's /flags load on the DuckDB server and on each of two distributed nodes
 *   queries  bench/query's insights on DuckDB and on ClickHouse (same generated data, answers compared)
 *
 *   npm run bench:distributed -- [--scenario ingest|flags|queries|all] [--seconds 10] [--warmup 2]
 *     [--workers 2] [--connections 16] [--pool-rate 30000] [--flags-seconds 10] [--flags-warmup 3]
 *     [--flags-connections 64] [--events 200000] [--days 90] [--rounds 3] [--no-write]
 */

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    'pool-rate': { type: 'string', default: '30000' },
    'flags-seconds': { type: 'string', default: '10' },
    'flags-warmup': { type: 'string', default: '3' },
    'flags-connections': { type: 'string', default: '64' },
    events: { type: 'string', default: '200000' },
    days: { type: 'string', default: '90' },
    rounds: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});

const SCENARIOS = ['ingest', 'flags', 'queries'] as const;
const wanted = args.scenario === 'all' ? [...SCENARIOS] : [args.scenario];
for (const s of wanted)
  if (!(SCENARIOS as readonly string[]).includes(s))
    throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')} or all, not ${s}`);

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-distributed-'));
  const sections: string[] = [];
  let backends: Backends | undefined;
  const timed = async (name: string, run: () => Promise<string[]>) => {
    const started = performance.now();
    const lines = await run();
    const seconds = (performance.now() - started) / 1000;
    console.log(`scenario ${name}: ${seconds.toFixed(0)} s`);
    sections.push([`**${name}** (scenario took ${seconds.toFixed(0)} s)`, '', ...lines].join('\n'));
  };
  try {
    if (wanted.includes('ingest') || wanted.includes('flags')) {
      const started = performance.now();
      backends = await startBackends();
      console.log(
        `PostgreSQL + 4 ClickHouse nodes up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    if (wanted.includes('ingest') && backends) {
      const b = backends;
      await timed('Ingestion', async () => {
        const rows = await runIngestScenario(dir, b, {
          seconds: Number(args.seconds),
          warmup: Number(args.warmup),
          workers: Number(args.workers),
          connections: Number(args.connections),
          poolRate: Number(args['pool-rate']),
        });
        return [
          `Load: ${args.workers} load processes, ${args.connections} keep-alive connections in all, bench/ingest's ` +
            `posthog-node-shaped gzipped batches of 100, ${args.warmup} s warm-up + ${args.seconds} s measured; ` +
            'with two nodes each request goes to the next node in turn. Before the load, one event for each of the ' +
            '10,000 users (not measured), so persons exist as in a running product. CPU from /proc over the loaded interval ' +
            '(all threads; PostgreSQL with its backends).',
          '',
          ...ingestTable(rows),
          '',
          ...ingestNotes(rows),
        ];
      });
    }
    if (wanted.includes('flags') && backends) {
      const b = backends;
      await timed('/flags per node', async () => {
        const result = await runFlagsScenario(dir, b, {
          seconds: Number(args['flags-seconds']),
          warmup: Number(args['flags-warmup']),
          connections: Number(args['flags-connections']),
        });
        return [
          `Load: bench/flags-http's (autocannon, ${args['flags-connections']} connections, posthog-js-shaped gzipped ` +
            `\`/flags/?v=2\`, 10,000 users, 20 flags), ${args['flags-warmup']} s warm-up + ${args['flags-seconds']} s ` +
            'measured, one target at a time. µs/request is server CPU (from /proc) per answered request.',
          '',
          flagsTable(result.rows, undefined),
          ...(result.notes.length ? ['', ...result.notes.map((n) => `- ${n}`)] : []),
        ];
      });
    }
    if (wanted.includes('queries')) {
      await timed('Insight queries', async () => {
        const result = await runQueriesScenario({
          events: Number(args.events),
          days: Number(args.days),
          rounds: Number(args.rounds),
        });
        return [...result.notes.map((n) => `- ${n}`), '', ...result.table];
      });
    }
  } finally {
    await backends?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const command = `npm run bench:distributed -- ${process.argv.slice(2).join(' ')}`.trim();
  const entry = [
    `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} — ${wanted.join(', ')}`,
    '',
    environment(
      command,
      loadBefore,
      'Everything on this one machine: 4 ClickHouse 26.7 processes (2 shards × 2 replicas, no Keeper, the ' +
        'Distributed table writes both replicas itself), one PostgreSQL 15 (fsync off), the Signpost processes ' +
        'and the load generators.',
    ),
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  console.log(`\n${entry}`);
  if (!args['no-write']) writeEntry(path.join(REPO_ROOT, 'bench/RESULTS.md'), entry);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
