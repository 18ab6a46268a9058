// Insight query latency, DuckDB vs the 2-shard × 2-replica ClickHouse test cluster: the same generated
// TimeTracker data (bench/query's generator) in both, every bench/query query compiled by Signpost's query
// service for each engine's dialect (cache bypassed), answers compared, medians printed.
//   npm run bench:distributed -- [--events 1000000] [--days 90] [--rounds 5]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { CohortService } from '../../packages/server/src/cohorts/cohort-service.ts';
import { QueryService } from '../../packages/server/src/insights/query-service.ts';
import { QueryCache } from '../../packages/server/src/query/query-cache.ts';
import type { QueryRunner } from '../../packages/server/src/query/query-runner.ts';
import { ClickHouseEventWriter } from '../../packages/server/src/storage/clickhouse/clickhouse-event-writer.ts';
import { migrateClickHouse } from '../../packages/server/src/storage/clickhouse/clickhouse-migrate.ts';
import { ClickHouseQueryRunner } from '../../packages/server/src/storage/clickhouse/clickhouse-query-runner.ts';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { openDuckDbStorage } from '../../packages/server/src/storage/duckdb/duckdb-storage.ts';
import {
  acquireClickHouseCluster,
  releaseClickHouseCluster,
} from '../../packages/server/src/testing/clickhouse/shared-cluster.ts';
import { generate } from '../query/generate-events.ts';
import { fromTrends, GUIDE_QUERIES, sameAnswer } from '../query/guide-queries.ts';
import { copyEvents, copyIdentities, copyOverrides } from './copy-to-clickhouse.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '90' },
    rounds: { type: 'string', default: '5' },
  },
});
const events = Number(args.events);
const days = Number(args.days);
const rounds = Number(args.rounds);
const END = new Date('2025-06-30T12:00:00Z');
const TIMEOUT_MS = 300_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-distributed-'));
const database = `signpost_bench_${randomBytes(4).toString('hex')}`;
let clients: ClickHouseClient[] = [];
try {
  console.log(`${cpus().length} CPUs; load average at start: ${load()}`);
  const db = await DuckDbDatabase.open(dir);
  let t = performance.now();
  await generate(db, { events, days, end: END, projectId: 1 });
  await db.close();
  console.log(
    `DuckDB: generated ${events.toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const storage = await openDuckDbStorage(dir);
  const duck = storage.analytics;
  if (!duck) throw new Error('DuckDB storage has no query runner');

  t = performance.now();
  const cluster = await acquireClickHouseCluster();
  console.log(
    `ClickHouse: ${cluster.nodes.length} nodes up in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const topology = { database, cluster: cluster.cluster, replicated: false };
  // Long requests are expected here (large inserts, slow queries on a busy machine): no advice about them.
  const log = { level: ClickHouseLogLevel.ERROR };
  const nodes = cluster.nodes.map((n) => createClient({ url: n.url, request_timeout: TIMEOUT_MS, log }));
  const reader = createClient({
    url: cluster.nodes[0]?.url ?? '',
    database,
    request_timeout: TIMEOUT_MS,
    log,
  });
  clients = [...nodes, reader];
  await migrateClickHouse(topology, nodes);
  const writer = new ClickHouseEventWriter(topology, nodes);
  t = performance.now();
  const copied = await copyEvents(duck, writer);
  const copySeconds = (performance.now() - t) / 1000;
  await copyIdentities(duck, writer);
  console.log(
    `ClickHouse: ${copied.toLocaleString('en')} events inserted through ClickHouseEventWriter in ${copySeconds.toFixed(1)} s (${Math.round(copied / copySeconds).toLocaleString('en')} events/s, foreground Distributed inserts of 50,000)`,
  );

  const cache = new QueryCache();
  const service = (runner: QueryRunner) =>
    new QueryService({
      runner,
      cohorts: new CohortService({
        store: storage.cohorts,
        persons: storage.persons,
        isUsedByFlag: () => false,
      }),
      cache,
      timeoutMs: TIMEOUT_MS,
      maxCells: 1_000_000,
      now: () => END,
    });
  const engines = { duckdb: service(duck), clickhouse: service(new ClickHouseQueryRunner(reader)) };
  const project = { id: 1, name: 'bench', apiToken: 'phc_bench', timezone: 'UTC', createdAt: END };

  const rows: string[] = [];
  for (const q of GUIDE_QUERIES) {
    for (const sql of q.setup ?? []) await duck.run(sql, [], { timeoutMs: TIMEOUT_MS });
    if (q.setup) await copyOverrides(duck, writer);
    const run = (engine: QueryService) => engine.run(project, { query: q.query, refresh: 'force_blocking' });
    const answer = async (engine: QueryService) => {
      const results = (await run(engine)).results;
      return q.answer ? q.answer(results) : fromTrends(results as Parameters<typeof fromTrends>[0]);
    };
    const agree = sameAnswer(await answer(engines.duckdb), await answer(engines.clickhouse));
    const duckMs: number[] = [];
    const chMs: number[] = [];
    // Alternated, so a neighbour's burst of load falls on both engines alike.
    for (let r = 0; r < rounds; r++) {
      for (const [engine, into] of [
        [engines.duckdb, duckMs],
        [engines.clickhouse, chMs],
      ] as const) {
        const started = performance.now();
        await run(engine);
        into.push(performance.now() - started);
      }
    }
    const d = median(duckMs);
    const c = median(chMs);
    const row = `| ${q.name} | ${d.toFixed(0)} | ${c.toFixed(0)} | ${(c / d).toFixed(2)}× | ${agree ? 'yes' : '**no**'} |`;
    console.log(row);
    rows.push(row);
  }
  await storage.close();
  console.log(
    `\nload average at the end: ${load()}; bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  console.log(
    `\n| query (last 30 days, ${events.toLocaleString('en')} events) | DuckDB ms (median of ${rounds}) | ClickHouse 2×2 ms | ClickHouse / DuckDB | same answer |`,
  );
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(r);
} finally {
  await Promise.all(
    clients
      .slice(0, -1)
      .map((c) => c.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` }).catch(() => undefined)),
  );
  await Promise.all(clients.map((c) => c.close()));
  await releaseClickHouseCluster();
  rmSync(dir, { recursive: true, force: true });
}
