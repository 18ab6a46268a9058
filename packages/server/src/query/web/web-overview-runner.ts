import { queryRange } from '../actor-events.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { WebOverviewQuery } from '../query-schemas.ts';
import { BOUNCE_SQL, webSessionsSql } from './web-sessions-sql.ts';

/** One tile of PostHog's web overview; `previous` is the same-length period just before the range. */
export interface WebOverviewItem {
  key: 'visitors' | 'views' | 'sessions' | 'session duration' | 'bounce rate';
  kind: 'unit' | 'duration_s' | 'percentage';
  value: number | null;
  previous?: number | null;
  changeFromPreviousPct?: number | null;
  isIncreaseBad?: boolean;
}

interface Totals {
  visitors: number;
  views: number;
  sessions: number;
  duration: number | null;
  bounceRate: number | null;
}

/** An average over no sessions: DuckDB answers NULL, ClickHouse NaN; both mean "no value". */
const average = (v: unknown): number | null => {
  const n = v === null || v === undefined ? Number.NaN : toNumber(v);
  return Number.isFinite(n) ? n : null;
};

async function totals(engine: QueryEngine, q: WebOverviewQuery, from: Date, to: Date): Promise<Totals> {
  const ctx = newContext(engine);
  // Output names differ from `s`'s columns: ClickHouse would read `avg(x) AS x` inside the next aggregate.
  const sql = `${webSessionsSql(ctx, { from, to, properties: q.properties })}
    SELECT count(DISTINCT actor) AS visitors, sum(pageviews) AS views, count(*) AS sessions,
      avg(duration) AS avg_duration, avg(${BOUNCE_SQL}) AS bounce_rate
    FROM s WHERE pageviews > 0`;
  const [row] = await execute(engine, ctx, sql, { maxRows: 1 });
  const bounce = average(row?.bounce_rate);
  return {
    visitors: toNumber(row?.visitors),
    views: toNumber(row?.views),
    sessions: toNumber(row?.sessions),
    duration: average(row?.avg_duration),
    bounceRate: bounce === null ? null : bounce * 100,
  };
}

/** PostHog rounds the change to a whole percent and leaves it out when there is nothing to compare with. */
function change(value: number | null, previous: number | null | undefined): number | null {
  if (value === null || previous === null || previous === undefined || previous === 0) return null;
  return Math.round((100 * (value - previous)) / previous);
}

/**
 * WebOverviewQuery: visitors (distinct persons with a pageview), views, sessions (distinct `$session_id`s with
 * a pageview), average session duration and bounce rate, each against the previous period of equal length.
 */
export async function runWebOverviewQuery(
  engine: QueryEngine,
  q: WebOverviewQuery,
): Promise<{ results: WebOverviewItem[]; dateFrom: string; dateTo: string }> {
  const range = await queryRange(engine, q.dateRange, 'day', '-7d');
  const compare = q.compareFilter?.compare !== false;
  const length = range.to.getTime() - range.from.getTime();
  const [now, before] = await Promise.all([
    totals(engine, q, range.from, range.to),
    compare ? totals(engine, q, new Date(range.from.getTime() - length), range.from) : null,
  ]);
  const item = (
    key: WebOverviewItem['key'],
    kind: WebOverviewItem['kind'],
    pick: (t: Totals) => number | null,
    isIncreaseBad = false,
  ): WebOverviewItem => {
    const value = pick(now);
    if (!before) return { key, kind, value, isIncreaseBad };
    const previous = pick(before);
    return { key, kind, value, previous, changeFromPreviousPct: change(value, previous), isIncreaseBad };
  };
  return {
    results: [
      item('visitors', 'unit', (t) => t.visitors),
      item('views', 'unit', (t) => t.views),
      item('sessions', 'unit', (t) => t.sessions),
      item('session duration', 'duration_s', (t) => t.duration),
      item('bounce rate', 'percentage', (t) => t.bounceRate, true),
    ],
    dateFrom: range.from.toISOString(),
    dateTo: range.to.toISOString(),
  };
}
