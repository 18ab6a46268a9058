import { actorSql, timeWindowSql, withCtes } from '../actor-events.ts';
import type { CompileContext } from '../compile-context.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import type { PropertyFilter } from '../query-schemas.ts';

/**
 * PostHog's bounce (its sessions table, `$is_bounce`): a session with at most one pageview, no autocapture
 * and shorter than 10 seconds. Sessions without a pageview are neither bounces nor visits.
 */
export const BOUNCE_SQL = 'CASE WHEN pageviews <= 1 AND autocaptures = 0 AND duration < 10 THEN 1 ELSE 0 END';

export interface WebSessionsInput {
  from: Date;
  to: Date;
  properties: PropertyFilter[] | null | undefined;
  /** An event property each event carries into `ev.val`; `s.entry` is the session's first non-null one. */
  valueKey?: string;
}

/**
 * `WITH` text defining `ev` (the range's events that carry posthog-js's `$session_id`: sid, person, name, ts,
 * val) and `s` (one row per session: sid, actor, entry, pageviews, autocaptures, duration in seconds).
 * Sessions are cut at the range's edges, as PostHog's are by its session timestamp filter.
 */
export function webSessionsSql(ctx: CompileContext, input: WebSessionsInput): string {
  const d = ctx.dialect;
  const sid = ctx.eventProperty('$session_id');
  const person = actorSql(ctx, null);
  const val = input.valueKey ? `, ${ctx.eventProperty(input.valueKey)} AS val` : '';
  const entry = input.valueKey ? `, ${d.argMin('val', 'ts')} AS entry` : '';
  const where = [
    ctx.inProject('e.project_id'),
    ...timeWindowSql(ctx, input.from, input.to),
    `${sid} IS NOT NULL`,
    `${sid} <> ''`,
    ...propertiesSql(ctx, input.properties, 'properties'),
  ];
  const pageview = ctx.bind('$pageview');
  const autocapture = ctx.bind('$autocapture');
  return withCtes(ctx, (joins) => [
    `ev AS (SELECT ${sid} AS sid, ${person} AS person, e.event AS name, e.timestamp AS ts${val}
      FROM ${d.events('e')} ${joins} WHERE ${where.join(' AND ')})`,
    `s AS (SELECT sid, ${d.argMin('person', 'ts')} AS actor${entry},
      sum(CASE WHEN name = ${pageview} THEN 1 ELSE 0 END) AS pageviews,
      sum(CASE WHEN name = ${autocapture} THEN 1 ELSE 0 END) AS autocaptures,
      (${d.epochMs('max(ts)')} - ${d.epochMs('min(ts)')}) / 1000 AS duration
      FROM ev GROUP BY sid)`,
  ]);
}
