// How insight query cost grows with data: every bench/query query at several sizes of the same generated
// data (1M, 10M, 50M events by default), through Signpost's query service with the cache bypassed, median of
// `--rounds`, with the growth factor per 10× data and the process's peak RSS after each size.
//   node --import tsx bench/query/scale-run.ts [--sizes 1000000,10000000,50000000] [--days 90] [--rounds 5]
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
import { GUIDE_QUERIES } from './guide-queries.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000,50000000' },
    days: { type: 'string', default: '90' },
    rounds: { type: 'string', default: '5' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const days = Number(args.days);
const rounds = Number(args.rounds);
const END = new Date('2025-06-30T12:00:00Z');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface SizeResult {
  events: number;
  genSeconds: number;
  /** Median wall and CPU ms per query, in GUIDE_QUERIES order. */
  wall: number[];
  cpu: number[];
  peakRssMb: number;
}

async function measureSize(events: number): Promise<SizeResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-scale-'));
  try {
    const db = await DuckDbDatabase.open(dir);
    const t0 = performance.now();
    await generate(db, { events, days, end: END, projectId: 1 });
    const genSeconds = (performance.now() - t0) / 1000;
    await db.close();
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
      timeoutMs: 600_000,
      maxCells: 1_000_000,
      now: () => END,
    });
    const project = { id: 1, name: 'bench', apiToken: 'phc_bench', timezone: 'UTC', createdAt: END };
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const q of GUIDE_QUERIES) {
      for (const sql of q.setup ?? []) await runner.run(sql, [], { timeoutMs: 600_000 });
      if (q.setup) cache.invalidate([1]);
      const run = () => service.run(project, { query: q.query, refresh: 'force_blocking' });
      await run(); // warm-up: the file's pages in the OS cache, as for every other size
      const w: number[] = [];
      const c: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        const before = process.cpuUsage();
        await run();
        const used = process.cpuUsage(before);
        w.push(performance.now() - t);
        c.push((used.user + used.system) / 1000);
      }
      wall.push(median(w));
      cpu.push(median(c));
      console.log(
        `${events.toLocaleString('en')} events | ${q.name}: ${median(w).toFixed(0)} ms, CPU ${median(c).toFixed(0)} ms`,
      );
    }
    await storage.close();
    return { events, genSeconds, wall, cpu, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadBefore = load();
const results: SizeResult[] = [];
for (const events of sizes) {
  const r = await measureSize(events);
  console.log(
    `${events.toLocaleString('en')} events generated in ${r.genSeconds.toFixed(1)} s; peak RSS so far ${r.peakRssMb.toFixed(0)} MB`,
  );
  results.push(r);
}

// Growth per 10× data between consecutive sizes: (t_b / t_a) ^ (1 / log10(n_b / n_a)); 10 = linear.
const growth = (a: SizeResult, b: SizeResult, ta: number, tb: number) =>
  (tb / ta) ** (1 / Math.log10(b.events / a.events));
const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n.toLocaleString('en'));
const pairs = results.slice(1).map((b, i) => [results[i] as SizeResult, b] as const);
console.log(`\nload average before: ${loadBefore}; after: ${load()}`);
console.log(
  `\n| query | ${results.map((r) => `${label(r.events)} ms (CPU ms)`).join(' | ')} | ${pairs
    .map(([a, b]) => `× per 10×, ${label(a.events)}→${label(b.events)} (CPU)`)
    .join(' | ')} |`,
);
console.log(`| --- |${results.map(() => ' ---: |').join('')}${pairs.map(() => ' ---: |').join('')}`);
GUIDE_QUERIES.forEach((q, i) => {
  const cells = results.map((r) => `${(r.wall[i] ?? 0).toFixed(0)} (${(r.cpu[i] ?? 0).toFixed(0)})`);
  const factors = pairs.map(
    ([a, b]) =>
      `${growth(a, b, a.wall[i] ?? 0, b.wall[i] ?? 0).toFixed(1)} (${growth(a, b, a.cpu[i] ?? 0, b.cpu[i] ?? 0).toFixed(1)})`,
  );
  console.log(`| ${q.name} | ${cells.join(' | ')} | ${factors.join(' | ')} |`);
});
console.log(
  `| peak RSS of the process after the size (MB) | ${results.map((r) => r.peakRssMb.toFixed(0)).join(' | ')} |${pairs.map(() => ' |').join('')}`,
);
console.log(
  `| generation (s) | ${results.map((r) => r.genSeconds.toFixed(1)).join(' | ')} |${pairs.map(() => ' |').join('')}`,
);
