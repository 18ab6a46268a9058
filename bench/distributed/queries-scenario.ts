// Insight query latency, DuckDB vs the 2-shard × 2-replica ClickHouse test cluster: the same generated
// TimeTracker data (bench/query's generator) in both, every bench/query query compiled by Signpost's query
// service for each engine's dialect (cache bypassed), answers compared, medians returned as table rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
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

const END = new Date('2025-06-30T12:00:00Z');
const TIMEOUT_MS = 300_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface QueriesOptions {
  events: number;
  days: number;
  rounds: number;
}

/** Returns the markdown table (header included) and the lines of context printed along the way. */
export async function runQueriesScenario(
  options: QueriesOptions,
): Promise<{ table: string[]; notes: string[] }> {
  const { events, days, rounds } = options;
  const notes: string[] = [];
  const note = (line: string) => {
    console.log(line);
    notes.push(line);
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-distributed-'));
  const database = `signpost_bench_${randomBytes(4).toString('hex')}`;
  let clients: ClickHouseClient[] = [];
  try {
    note(`${cpus().length} CPUs; load average at start: ${load()}`);
    const db = await DuckDbDatabase.open(dir);
    let t = performance.now();
    await generate(db, { events, days, end: END, projectId: 1 });
    await db.close();
    note(
      `DuckDB: generated ${events.toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const storage = await openDuckDbStorage(dir);
    const duck = storage.analytics;
    if (!duck) throw new Error('DuckDB storage has no query runner');

    t = performance.now();
    const cluster = await acquireClickHouseCluster();
    note(`ClickHouse: ${cluster.nodes.length} nodes up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
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
    note(
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
      const run = (engine: QueryService) =>
        engine.run(project, { query: q.query, refresh: 'force_blocking' });
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
    note(
      `load average at the end: ${load()}; bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    return {
      table: [
        `| query (last 30 days, ${events.toLocaleString('en')} events) | DuckDB ms (median of ${rounds}) | ClickHouse 2×2 ms | ClickHouse / DuckDB | same answer |`,
        '| --- | ---: | ---: | ---: | --- |',
        ...rows,
      ],
      notes,
    };
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
}
