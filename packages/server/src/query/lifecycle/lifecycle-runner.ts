import { actorSql, nodeMatchSql, queryRange, timeWindowSql, withCtes } from '../actor-events.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { EventsNode, LifecycleQuery } from '../query-schemas.ts';
import { dayString, labelString } from '../trends/trends-format.ts';
import { wallKey } from '../zoned-time.ts';

export const LIFECYCLE_STATUSES = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** One of the four series of a LifecycleQuery result, in PostHog's shape. */
export interface LifecycleSeries {
  action: Record<string, unknown>;
  label: string;
  status: LifecycleStatus;
  count: number;
  data: number[];
  labels: string[];
  days: string[];
}

/**
 * LifecycleQuery: per interval, actors active for the first time ever (new), active in the interval
 * before too (returning), active again after a gap (resurrecting), and active in the interval before but
 * not this one (dormant, as negative numbers). "First time" is the actor's first matching event, which
 * is why the scan has no lower time bound. Personless events are left out, as PostHog does.
 */
export async function runLifecycleQuery(engine: QueryEngine, q: LifecycleQuery): Promise<LifecycleSeries[]> {
  const interval = q.interval ?? 'day';
  const range = await queryRange(engine, q.dateRange, interval);
  const series = q.series[0] as EventsNode;
  engine.budget.reserve(
    LIFECYCLE_STATUSES.length * range.buckets.length,
    'narrow the date range or use a longer interval',
  );
  const ctx = newContext(engine);
  const d = ctx.dialect;
  const actor = actorSql(ctx, q.aggregation_group_type_index);
  const bucket = d.bucketStart(ctx.localTime(null, range.to), interval);
  const step = d.intervalLiteral(interval);
  const where = [
    `${ctx.inProject('e.project_id')}`,
    ...timeWindowSql(ctx, null, range.to),
    nodeMatchSql(ctx, series, 'series.0'),
    ...propertiesSql(ctx, q.properties, 'properties'),
    `${actor} IS NOT NULL`,
    // Most events never mention the flag: a substring test spares them the JSON parse.
    `(NOT ${d.textContains('e.properties', ctx.bind('$process_person_profile'))}
      OR coalesce(${ctx.eventProperty('$process_person_profile')}, '') <> 'false')`,
  ];
  // Statuses are needed from the interval before the range on: only those buckets go through the windows,
  // and the full history only gives each actor's first bucket.
  const since = `${d.wallTimestamp(ctx.bind(wallKey(range.buckets[0] ?? range.fromWall)))} - ${step}`;
  const sql = `${withCtes(ctx, (joins) => [
    d.materializedCte(
      'ev',
      `SELECT DISTINCT ${actor} AS actor, ${bucket} AS b FROM ${d.events('e')} ${joins} WHERE ${where.join(' AND ')}`,
    ),
    'fst AS (SELECT actor, min(b) AS fb FROM ev GROUP BY actor)',
    `lc AS (SELECT r.actor, r.b, ${d.lag('r.b')} OVER w AS pb, ${d.lead('r.b')} OVER w AS nb, f.fb
      FROM ev r JOIN fst f ON f.actor = r.actor WHERE r.b >= ${since}
      WINDOW w AS (PARTITION BY r.actor ORDER BY r.b))`,
  ])}
    SELECT ${d.formatKey('b')} AS bucket,
      CASE WHEN b = fb THEN 'new' WHEN pb = b - ${step} THEN 'returning' ELSE 'resurrecting' END AS status,
      count(*) AS c FROM lc GROUP BY 1, 2
    UNION ALL
    SELECT ${d.formatKey(`b + ${step}`)}, 'dormant', -count(*) FROM lc WHERE nb IS NULL OR nb > b + ${step} GROUP BY 1`;
  // Three statuses per interval, and dormant also the interval after the range.
  const rows = await execute(engine, ctx, sql, {
    maxRows: LIFECYCLE_STATUSES.length * (range.buckets.length + 1),
  });

  const position = new Map(range.buckets.map((b, i) => [wallKey(b), i]));
  const data = new Map(LIFECYCLE_STATUSES.map((s) => [s, range.buckets.map(() => 0)]));
  for (const [n, r] of rows.entries()) {
    engine.budget.tick(n);
    const i = position.get(String(r.bucket));
    const values = data.get(r.status as LifecycleStatus);
    if (i !== undefined && values) values[i] = toNumber(r.c);
  }
  const name = series.event ?? 'All events';
  const action = { id: series.event ?? null, name, type: 'events', order: 0, math: 'total' };
  return LIFECYCLE_STATUSES.map((status) => {
    const values = data.get(status) ?? [];
    return {
      action: series.custom_name ? { ...action, custom_name: series.custom_name } : action,
      label: `${name} - ${status}`,
      status,
      count: values.reduce((a, b) => a + b, 0),
      data: values,
      labels: range.buckets.map((b) => labelString(b, interval)),
      days: range.buckets.map((b) => dayString(b, interval)),
    };
  });
}
