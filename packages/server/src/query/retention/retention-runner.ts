import { actorSql, nodeMatchSql, queryRange, timeWindowSql, withCtes } from '../actor-events.ts';
import { addIntervals, type Interval, truncate } from '../date-range.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { RetentionEntity, RetentionQuery } from '../query-schemas.ts';
import { fromWall, wallKey } from '../zoned-time.ts';

/** One cohort row of a RetentionQuery result, in PostHog's shape. */
export interface RetentionCohort {
  date: string;
  label: string;
  values: { count: number; label: string }[];
}

const PERIODS = { Hour: 'hour', Day: 'day', Week: 'week', Month: 'month' } as const;
const DEFAULT_INTERVALS = 11;

const entityNode = (e: RetentionEntity | null | undefined) => ({
  event: e?.id ?? null,
  properties: e?.properties ?? null,
});

/**
 * RetentionQuery: cohorts by the period of the target event (the actor's first ever one for
 * `retention_first_time`, any for `retention_recurring`), then per later period how many of the cohort
 * did the returning event. The last cohort is the period holding `date_to`; there are `totalIntervals`.
 */
export async function runRetentionQuery(engine: QueryEngine, q: RetentionQuery): Promise<RetentionCohort[]> {
  const f = q.retentionFilter;
  const period = f.period ?? 'Day';
  const interval: Interval = PERIODS[period];
  const total = f.totalIntervals ?? DEFAULT_INTERVALS;
  const dateTo = q.dateRange?.date_to;
  const end = await queryRange(
    engine,
    dateTo ? { date_from: dateTo, date_to: dateTo } : { date_from: 'dStart' },
    interval,
  );
  const last = truncate(end.toWall - 1, interval);
  const buckets = Array.from({ length: total }, (_, i) => addIntervals(last, interval, i - total + 1));
  const tz = engine.env.timeZone;
  const from = new Date(fromWall(buckets[0] ?? last, tz));
  const to = new Date(fromWall(addIntervals(last, interval, 1), tz));
  const firstTime = f.retentionType === 'retention_first_time';
  // The grid is a triangle: cohort i has total - i periods.
  const cells = (total * (total + 1)) / 2;
  engine.budget.reserve(cells, 'lower retentionFilter.totalIntervals');

  const ctx = newContext(engine);
  const d = ctx.dialect;
  const actor = actorSql(ctx, q.aggregation_group_type_index);
  const target = nodeMatchSql(ctx, entityNode(f.targetEntity), 'retentionFilter.targetEntity');
  const returning = nodeMatchSql(
    ctx,
    entityNode(f.returningEntity ?? f.targetEntity),
    'retentionFilter.returningEntity',
  );
  // Keys are formatted only for the result rows: formatting every event's bucket costs more than the scan.
  const bucket = d.bucketStart(ctx.localTime(firstTime ? null : from, to), interval);
  // First-time cohorts look back to the actor's first target event ever, so only they read before `from`.
  const where = [
    `${ctx.inProject('e.project_id')}`,
    ...timeWindowSql(ctx, firstTime ? null : from, to),
    ...propertiesSql(ctx, q.properties, 'properties'),
    `${actor} IS NOT NULL`,
    `(${target} OR ${returning})`,
  ];
  const since = d.wallTimestamp(ctx.bind(wallKey(buckets[0] ?? last)));
  const sql = `${withCtes(ctx, (joins) => [
    d.materializedCte(
      'ev',
      `SELECT ${actor} AS actor, ${bucket} AS b, ${d.boolOr(target)} AS is_target, ${d.boolOr(returning)} AS is_return
        FROM ${d.events('e')} ${joins} WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
    ),
    // Cohorts and returns before the first bucket are not reported: only first-time cohorts read them.
    firstTime
      ? `tgt AS (SELECT actor, b FROM (SELECT actor, min(b) AS b FROM ev WHERE is_target GROUP BY actor)
        WHERE b >= ${since})`
      : 'tgt AS (SELECT DISTINCT actor, b FROM ev WHERE is_target)',
    `ret AS (SELECT DISTINCT actor, b FROM ev WHERE is_return AND b >= ${since})`,
  ])}
    SELECT ${d.formatKey('b')} AS cohort, ${d.formatKey('b')} AS period, count(*) AS c FROM tgt GROUP BY b
    UNION ALL
    SELECT ${d.formatKey('t.b')}, ${d.formatKey('r.b')}, count(*) FROM tgt t JOIN ret r ON r.actor = t.actor AND r.b > t.b
    GROUP BY t.b, r.b`;
  // A row per cohort and period of the triangle, at most.
  const rows = await execute(engine, ctx, sql, { maxRows: cells });

  const index = new Map(buckets.map((b, i) => [wallKey(b), i]));
  const grid = buckets.map((_, i) => Array.from({ length: total - i }, () => 0));
  for (const [i, r] of rows.entries()) {
    engine.budget.tick(i);
    const c = index.get(String(r.cohort));
    const p = index.get(String(r.period));
    if (c === undefined || p === undefined) continue;
    const row = grid[c];
    if (row && p - c < row.length) row[p - c] = toNumber(r.c);
  }
  return buckets.map((b, i) => ({
    date: new Date(fromWall(b, tz)).toISOString(),
    label: `${period} ${i}`,
    values: (grid[i] ?? []).map((count, j) => ({ count, label: `${period} ${j}` })),
  }));
}
