// Insight query latency on generated events: `node --import tsx bench/insights/run.ts [events]`.
// Rows go straight into DuckDB with SQL (this measures querying, not ingestion), spread over 90 days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CohortService } from '../../packages/server/src/cohorts/cohort-service.ts';
import { QueryService } from '../../packages/server/src/insights/query-service.ts';
import { QueryCache } from '../../packages/server/src/query/query-cache.ts';
import { DuckDbDatabase } from '../../packages/server/src/storage/duckdb/duckdb-database.ts';
import { openDuckDbStorage } from '../../packages/server/src/storage/duckdb/duckdb-storage.ts';

const events = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'signpost-bench-insights-'));
const now = new Date('2024-06-30T12:00:00Z');
try {
  const db = await DuckDbDatabase.open(dir);
  const t0 = performance.now();
  await db.write((c) =>
    c.run(`INSERT INTO events SELECT 1, uuid(),
        (['telemetry.health','auth.login','timer.started','project.created','export.done'])[1 + (i % 5)::INT],
        'user-' || (hash(i) % 50000)::VARCHAR, uuid(),
        TIMESTAMP '2024-06-30 12:00:00' - to_milliseconds((i * 7776000000 // ${events})::BIGINT), now(),
        json_object('version', (['2.8.0','2.9.0','3.0.0','3.1.0'])[1 + (hash(i * 3) % 4)::INT],
                    'auth_method', (['local','oidc'])[1 + (hash(i * 5) % 2)::INT], 'rows', (i % 100)),
        '', '', '', '', ''
      FROM range(${events}) t(i) ORDER BY 6`),
  );
  console.log(`generated ${events} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.close();
  const storage = await openDuckDbStorage(dir);
  const cohorts = new CohortService({
    store: storage.cohorts,
    persons: storage.persons,
    isUsedByFlag: () => false,
  });
  const service = new QueryService({
    runner: storage.analytics,
    cohorts,
    cache: new QueryCache(),
    timeoutMs: 60_000,
    maxCells: 1_000_000,
    now: () => now,
  });
  const project = { id: 1, name: 'bench', apiToken: 'phc_x', timezone: 'UTC', createdAt: now };
  const cases: [string, Record<string, unknown>][] = [
    [
      '30d total, breakdown version',
      {
        series: [{ kind: 'EventsNode', event: 'telemetry.health' }],
        breakdownFilter: { breakdown: 'version' },
      },
    ],
    [
      '30d dau, breakdown version',
      {
        series: [{ kind: 'EventsNode', event: 'telemetry.health', math: 'dau' }],
        breakdownFilter: { breakdown: 'version' },
      },
    ],
    [
      '30d login methods pie',
      {
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        breakdownFilter: { breakdown: 'auth_method' },
        trendsFilter: { display: 'ActionsPie' },
      },
    ],
    [
      '30d sum of rows',
      { series: [{ kind: 'EventsNode', event: 'export.done', math: 'sum', math_property: 'rows' }] },
    ],
  ];
  for (const [name, body] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await service.run(project, {
        query: { kind: 'TrendsQuery', dateRange: { date_from: '-30d' }, ...body },
        refresh: 'force_blocking',
      });
      times.push(performance.now() - t);
    }
    console.log(`${name}: best ${Math.min(...times).toFixed(0)} ms of 3`);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await storage.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
