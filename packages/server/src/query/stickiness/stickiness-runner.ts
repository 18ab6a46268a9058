import { actorSql, nodeMatchSql, queryRange, timeWindowSql, withCtes } from '../actor-events.ts';
import type { ResolvedRange } from '../date-range.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { StickinessQuery } from '../query-schemas.ts';
import { actionOf, seriesName } from '../trends/trends-format.ts';

/** One series of a StickinessQuery result: `data[n - 1]` actors were active on exactly n intervals. */
export interface StickinessSeries {
  action: Record<string, unknown>;
  label: string;
  count: number;
  data: number[];
  labels: string[];
  days: number[];
}

async function countsByIntervals(
  engine: QueryEngine,
  q: StickinessQuery,
  index: number,
  range: ResolvedRange,
): Promise<number[]> {
  const ctx = newContext(engine);
  const d = ctx.dialect;
  const actor = actorSql(ctx, q.aggregation_group_type_index);
  const bucket = d.bucketStart(ctx.localTime(range.from, range.to), range.interval);
  const where = [
    `${ctx.inProject('e.project_id')}`,
    ...timeWindowSql(ctx, range.from, range.to),
    nodeMatchSql(ctx, q.series[index] ?? {}, `series.${index}`),
    ...propertiesSql(ctx, q.properties, 'properties'),
    `${actor} IS NOT NULL`,
  ];
  const sql = `${withCtes(ctx, (joins) => [
    `per AS (SELECT ${actor} AS actor, count(DISTINCT ${bucket}) AS n FROM ${d.events('e')} ${joins}
      WHERE ${where.join(' AND ')} GROUP BY 1)`,
  ])} SELECT n, count(*) AS c FROM per GROUP BY n`;
  const data = range.buckets.map(() => 0);
  // An actor is active on 1…N intervals: at most one row per interval of the range.
  for (const r of await execute(engine, ctx, sql, { maxRows: data.length })) {
    const n = toNumber(r.n);
    if (n >= 1 && n <= data.length) data[n - 1] = toNumber(r.c);
  }
  return data;
}

/** StickinessQuery: per series, how many actors did the event on 1, 2, … N intervals of the range. */
export async function runStickinessQuery(
  engine: QueryEngine,
  q: StickinessQuery,
): Promise<StickinessSeries[]> {
  const interval = q.interval ?? 'day';
  const range = await queryRange(engine, q.dateRange, interval);
  engine.budget.reserve(
    q.series.length * range.buckets.length,
    'narrow the date range, use a longer interval or use fewer series',
  );
  const all = await Promise.all(q.series.map((_, i) => countsByIntervals(engine, q, i, range)));
  const days = range.buckets.map((_, i) => i + 1);
  return q.series.map((s, i) => {
    const data = all[i] ?? [];
    return {
      action: actionOf(s, i, range),
      label: seriesName(s),
      count: data.reduce((a, b) => a + b, 0),
      data,
      labels: days.map((n) => `${n} ${interval}${n === 1 ? '' : 's'}`),
      days,
    };
  });
}
