// Insight query latency: Signpost's compiled TrendsQuery (through the query service, cache bypassed) vs the
// hand-written DuckDB SQL for the same answer, on one generated file, in one process.
//   node --import tsx bench/query/run.ts [--events 10000000] [--days 90] [--rounds 5] [--before DIR]
// --before DIR: also run the query service of an older checkout's packages/server/src (e.g. exported with
// `git archive <commit> packages/server/src | tar -x -C <dir inside this checkout>`, so its packages resolve),
// alternating with the current one and the hand SQL, for a before/after table from one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CohortService } from '../../packages/server/src/cohorts/cohort-service.ts';
import { QueryService } from '../../packages/server/src/insights/query-service.ts';
import { QueryCache } from '../../packages/server/src/query/query-cache.ts';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { openDuckDbStorage } from '../../packages/server/src/storage/duckdb/duckdb-storage.ts';
import { generate } from './generate-events.ts';
import { fromRows, fromTrends, GUIDE_QUERIES, sameAnswer } from './guide-queries.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    rounds: { type: 'string', default: '5' },
    before: { type: 'string' },
    // A folder generated earlier with the same --events and --days: no generation, and it is kept.
    data: { type: 'string' },
  },
});
const events = Number(args.events);
const days = Number(args.days);
const rounds = Number(args.rounds);
const END = new Date('2025-06-30T12:00:00Z');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const sqlTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const dir = args.data ?? mkdtempSync(path.join(tmpdir(), 'signpost-bench-query-'));
try {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  if (!args.data) {
    const db = await DuckDbDatabase.open(dir);
    const t0 = performance.now();
    await generate(db, { events, days, end: END, projectId: 1 });
    const genSeconds = (performance.now() - t0) / 1000;
    await db.close();
    console.log(`generated ${events.toLocaleString('en')} events in ${genSeconds.toFixed(1)} s`);
  }

  const storage = await openDuckDbStorage(dir);
  const runner = storage.analytics;
  if (!runner) throw new Error('DuckDB storage has no query runner');
  const cohorts = new CohortService({
    store: storage.cohorts,
    persons: storage.persons,
    isUsedByFlag: () => false,
  });
  const cache = new QueryCache();
  const service = new QueryService({
    runner,
    cohorts,
    cache,
    timeoutMs: 120_000,
    maxCells: 1_000_000,
    now: () => END,
  });
  // The older service takes the same runner and cohorts: its ports have the same shape.
  const beforeService = args.before
    ? new (
        (await import(path.resolve(args.before, 'insights/query-service.ts'))) as {
          QueryService: typeof QueryService;
        }
      ).QueryService({ runner, cohorts, cache, timeoutMs: 120_000, maxCells: 1_000_000, now: () => END })
    : undefined;
  const project = { id: 1, name: 'bench', apiToken: 'phc_bench', timezone: 'UTC', createdAt: END };
  // "-30d" in UTC: from the start of the day 30 days back to the end of today.
  const today = Date.UTC(END.getUTCFullYear(), END.getUTCMonth(), END.getUTCDate());
  const from = sqlTime(today - 30 * 86_400_000);
  const to = sqlTime(today + 86_400_000);

  const rows: string[] = [];
  for (const q of GUIDE_QUERIES) {
    const ours = () => service.run(project, { query: q.query, refresh: 'force_blocking' });
    const before = async () => beforeService?.run(project, { query: q.query, refresh: 'force_blocking' });
    const hand = () => runner.run(q.handSql(from, to), [], { timeoutMs: 120_000 });
    // DuckDB lets any connection of the process write; the bench alone uses a read connection so.
    for (const sql of q.setup ?? []) await runner.run(sql, [], { timeoutMs: 120_000 });
    // What an ingestion commit does after writing.
    if (q.setup) cache.invalidate([1]);
    const results = (await ours()).results;
    const ourAnswer = q.answer ? q.answer(results) : fromTrends(results as Parameters<typeof fromTrends>[0]);
    const handAnswer = fromRows(await hand());
    const beforeResults = beforeService ? (await before())?.results : undefined;
    const beforeAgrees =
      beforeResults === undefined ||
      sameAnswer(
        q.answer ? q.answer(beforeResults) : fromTrends(beforeResults as Parameters<typeof fromTrends>[0]),
        handAnswer,
      );
    const agree = sameAnswer(ourAnswer, handAnswer) && beforeAgrees;
    const oursMs: number[] = [];
    const handMs: number[] = [];
    const oursCpu: number[] = [];
    const handCpu: number[] = [];
    const beforeMs: number[] = [];
    const beforeCpu: number[] = [];
    // CPU time (all of the process's threads) as well as wall time: on a machine shared with other jobs
    // the wall clock mostly measures the neighbours.
    const measure = async (run: () => Promise<unknown>, wall: number[], cpu: number[]) => {
      const t = performance.now();
      const c = process.cpuUsage();
      await run();
      const used = process.cpuUsage(c);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
    };
    for (let r = 0; r < rounds; r++) {
      if (beforeService) await measure(before, beforeMs, beforeCpu);
      await measure(ours, oursMs, oursCpu);
      await measure(hand, handMs, handCpu);
    }
    const o = median(oursMs);
    const h = median(handMs);
    const oc = median(oursCpu);
    const hc = median(handCpu);
    const b = median(beforeMs);
    const bc = median(beforeCpu);
    const beforeCells = beforeService
      ? `${b.toFixed(0)} | ${(b / h).toFixed(2)}× | ${bc.toFixed(0)} / ${hc.toFixed(0)} = ${(bc / hc).toFixed(2)}× | `
      : '';
    const row = `| ${q.name} | ${beforeCells}${o.toFixed(0)} | ${h.toFixed(0)} | ${(o / h).toFixed(2)}× | ${oc.toFixed(0)} / ${hc.toFixed(0)} = ${(oc / hc).toFixed(2)}× | ${agree ? 'yes' : `**no** (${ourAnswer.size} vs ${handAnswer.size} cells)`} |`;
    console.log(row);
    rows.push(row);
  }
  await storage.close();
  console.log(
    `\nload average before: ${load}; after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const beforeHead = beforeService ? 'before ms | before ratio | before CPU ms / hand | ' : '';
  console.log(
    `\n| query (last 30 days) | ${beforeHead}Signpost ms (median of ${rounds}) | hand-written SQL ms | ratio | CPU ms, Signpost / hand | same answer |`,
  );
  console.log(`| --- |${beforeService ? ' ---: | ---: | ---: |' : ''} ---: | ---: | ---: | ---: | --- |`);
  for (const r of rows) console.log(r);
} finally {
  if (!args.data) rmSync(dir, { recursive: true, force: true });
}
