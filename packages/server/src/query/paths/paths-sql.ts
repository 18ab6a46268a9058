import { actorSql, timeWindowSql, withCtes } from '../actor-events.ts';
import type { CompileContext } from '../compile-context.ts';
import type { ResolvedRange } from '../date-range.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import type { PathsQuery } from '../query-schemas.ts';

export const DEFAULT_STEP_LIMIT = 5;
export const DEFAULT_EDGE_LIMIT = 50;
// PostHog's path sessions: a gap of more than 30 minutes starts a new path.
const SESSION_GAP_MS = 30 * 60_000;

/** What a path step is called: the page path of a pageview, the screen name, or the event name. */
function itemSql(ctx: CompileContext): string {
  const path = `coalesce(${ctx.eventProperty('$pathname')}, ${ctx.eventProperty('$current_url')})`;
  return `CASE WHEN e.event = ${ctx.bind('$pageview')} THEN ${path}
    WHEN e.event = ${ctx.bind('$screen')} THEN ${ctx.eventProperty('$screen_name')} ELSE e.event END`;
}

function eventTypesSql(ctx: CompileContext, types: readonly string[]): string {
  if (types.length === 0) return 'true';
  const parts = types.map((t) =>
    t === 'custom_event' ? `NOT ${ctx.dialect.startsWith('e.event', "'$'")}` : `e.event = ${ctx.bind(t)}`,
  );
  return `(${parts.join(' OR ')})`;
}

/**
 * Edges of the top paths: each actor's events split into sessions, repeats of the same step collapsed,
 * cut to start at `startPoint` and end at `endPoint`, and kept to `stepLimit` steps. Rows of
 * (step, source, target, value = paths taking the edge, avg_ms between the two events).
 */
export function pathEdgesSql(ctx: CompileContext, q: PathsQuery, range: ResolvedRange): string {
  const f = q.pathsFilter ?? {};
  const d = ctx.dialect;
  const actor = actorSql(ctx, q.aggregation_group_type_index);
  const item = itemSql(ctx);
  const where = [
    `${ctx.inProject('e.project_id')}`,
    ...timeWindowSql(ctx, range.from, range.to),
    eventTypesSql(ctx, f.includeEventTypes ?? []),
    ...propertiesSql(ctx, q.properties, 'properties'),
    `${actor} IS NOT NULL`,
  ];
  const excluded = f.excludeEvents?.length
    ? `AND NOT coalesce(item IN (${f.excludeEvents.map((x) => ctx.bind(x)).join(', ')}), false)`
    : '';
  const gap = ctx.bind(SESSION_GAP_MS);
  const limit = ctx.bind(f.stepLimit ?? DEFAULT_STEP_LIMIT);
  const session = 'PARTITION BY actor, session ORDER BY event_at, id';
  const start = f.startPoint ? ctx.bind(f.startPoint) : null;
  const end = f.endPoint ? ctx.bind(f.endPoint) : null;
  // Without a start point, paths to an end point keep the steps just before it.
  const fromEnd = end !== null && start === null;
  const having = [
    ...(f.minEdgeWeight ? [`count(*) >= ${ctx.bind(f.minEdgeWeight)}`] : []),
    ...(f.maxEdgeWeight ? [`count(*) <= ${ctx.bind(f.maxEdgeWeight)}`] : []),
  ];
  const edgeLimit = ctx.bind(f.edgeLimit ?? DEFAULT_EDGE_LIMIT);
  return `${withCtes(ctx, (joins) => [
    `raw AS (SELECT ${actor} AS actor, e.timestamp AS event_at, e.uuid AS id, ${d.epochMs('e.timestamp')} AS ts,
      ${item} AS item FROM ${d.events('e')} ${joins} WHERE ${where.join(' AND ')})`,
    `gaps AS (SELECT *, CASE WHEN ts - ${d.lag('ts')} OVER (PARTITION BY actor ORDER BY event_at, id) <= ${gap} THEN 0 ELSE 1 END
      AS starts FROM raw WHERE item IS NOT NULL ${excluded})`,
    'sess AS (SELECT *, sum(starts) OVER (PARTITION BY actor ORDER BY event_at, id) AS session FROM gaps)',
    `dedup AS (SELECT * FROM (SELECT *, ${d.lag('item')} OVER (${session}) AS prev_item FROM sess)
      WHERE prev_item IS NULL OR prev_item <> item)`,
    `marked AS (SELECT *, ${start ? `min(CASE WHEN item = ${start} THEN event_at END) OVER (PARTITION BY actor, session)` : 'NULL'} AS st
      FROM dedup)`,
    `cut AS (SELECT *, ${end ? `min(CASE WHEN item = ${end} AND (st IS NULL OR event_at >= st) THEN event_at END) OVER (PARTITION BY actor, session)` : 'NULL'} AS en
      FROM marked ${start ? 'WHERE event_at >= st' : ''})`,
    `kept AS (SELECT * FROM cut ${end ? 'WHERE event_at <= en' : ''})`,
    `numbered AS (SELECT *, row_number() OVER (${session}) AS step,
      count(*) OVER (PARTITION BY actor, session) AS steps FROM kept)`,
    `limited AS (SELECT *, ${fromEnd ? `step - greatest(steps - ${limit}, 0)` : 'step'} AS n FROM numbered
      WHERE ${fromEnd ? `step > steps - ${limit}` : `step <= ${limit}`})`,
    `edges AS (SELECT n, item, ${d.lead('item')} OVER w AS next_item, ${d.lead('ts')} OVER w - ts AS dt
      FROM limited WINDOW w AS (${session}))`,
  ])}
    SELECT n, item, next_item, count(*) AS value, avg(dt) AS avg_ms FROM edges WHERE next_item IS NOT NULL
    GROUP BY n, item, next_item ${having.length ? `HAVING ${having.join(' AND ')}` : ''}
    ORDER BY value DESC, n, item, next_item LIMIT ${edgeLimit}`;
}
