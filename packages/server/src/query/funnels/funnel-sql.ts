import { AppError } from '../../errors/app-error.ts';
import { actorSql, nodeMatchSql, timeWindowSql, withCtes } from '../actor-events.ts';
import type { CompileContext } from '../compile-context.ts';
import type { ResolvedRange } from '../date-range.ts';
import type { SqlDialect } from '../dialects/sql-dialect.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import type { FunnelsQuery } from '../query-schemas.ts';
import { BREAKDOWN_NULL, BREAKDOWN_OTHER, breakdownSql } from '../trends/breakdown-sql.ts';

const UNIT_MS = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  // A fixed 30 days: the window is measured from the first step's instant, not on the calendar.
  month: 2_592_000_000,
} as const;

export function conversionWindowMs(q: FunnelsQuery): number {
  const f = q.funnelsFilter;
  return (f?.funnelWindowInterval ?? 14) * UNIT_MS[f?.funnelWindowIntervalUnit ?? 'day'];
}

/** Rows of one conversion attempt per start event: `t0..tN` (epoch ms) of the steps it reached. */
function attemptCtes(d: SqlDialect, q: FunnelsQuery, win: string): string[] {
  const n = q.series.length;
  const order = q.funnelsFilter?.funnelOrderType ?? 'ordered';
  const steps = Array.from({ length: n }, (_, k) => k);
  const ctes: string[] = [];
  if (order === 'unordered') {
    // Every step event anchors an attempt; each step's next event at or after the anchor (a running
    // minimum over the following rows, as instants grow with seq) counts when it falls inside the window.
    const next = steps.map(
      (k) => `min(CASE WHEN s${k} THEN ts END) OVER (PARTITION BY actor ORDER BY seq
        ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS n${k}`,
    );
    const times = steps.map((k) => `CASE WHEN n${k} - ts <= ${win} THEN n${k} END`);
    ctes.push(`att AS (SELECT actor, ts AS start, ${d.nonNullList(times, true)} AS times
      FROM (SELECT actor, ts, ${next.join(', ')} FROM ev))`);
    return ctes;
  }
  ctes.push('c0 AS (SELECT actor, seq AS q0, ts AS t0 FROM ev WHERE s0)');
  for (const k of steps.slice(1)) {
    const prev = `c${k - 1}`;
    // A step counts only after the one before it was reached (an ASOF join may match a NULL key).
    const inWindow = `p.q${k - 1} IS NOT NULL AND n.ts - p.t0 <= ${win}`;
    // Ordered: the earliest later event of the step (greedy matching reaches the furthest step).
    // Strict: the very next event of the actor, whatever it is, must be the step.
    const join =
      order === 'strict'
        ? `LEFT JOIN ev n ON n.actor = p.actor AND n.seq = p.q${k - 1} + 1 AND n.s${k}`
        : `ASOF LEFT JOIN (SELECT actor, seq, ts FROM ev WHERE s${k}) n ON n.actor = p.actor AND n.seq > p.q${k - 1}`;
    ctes.push(`c${k} AS (SELECT p.*, CASE WHEN ${inWindow} THEN n.seq END AS q${k},
      CASE WHEN ${inWindow} THEN n.ts END AS t${k} FROM ${prev} p ${join})`);
  }
  ctes.push(`att AS (SELECT actor, t0 AS start, ${d.nonNullList(steps.map((k) => `t${k}`))} AS times
    FROM c${n - 1})`);
  return ctes;
}

/**
 * One row per actor who did step 1 in the range: `bd` (breakdown value), `steps` reached and `times`, the
 * instants of those steps. Among an actor's attempts the furthest wins, then the latest start.
 */
export function funnelActorsSql(ctx: CompileContext, q: FunnelsQuery, range: ResolvedRange): string {
  const d = ctx.dialect;
  const order = q.funnelsFilter?.funnelOrderType ?? 'ordered';
  const actor = actorSql(ctx, q.aggregation_group_type_index);
  const matches = q.series.map((s, i) => nodeMatchSql(ctx, s, `series.${i}`));
  // The zone is bound only when a time-of-day breakdown reads it: DuckDB refuses unused parameters.
  const local = q.breakdownFilter?.breakdown_type === 'hogql' ? ctx.localTime(range.from, range.to) : '';
  const breakdown = breakdownSql(ctx, q.breakdownFilter, local);
  if (breakdown?.kind === 'list')
    throw new AppError('INVALID_QUERY', 'Funnels do not support cohort breakdowns.', 'breakdownFilter');
  const where = [
    `${ctx.inProject('e.project_id')}`,
    ...timeWindowSql(ctx, range.from, range.to),
    ...propertiesSql(ctx, q.properties, 'properties'),
    `${actor} IS NOT NULL`,
  ];
  // Strict funnels need every event of the actor: an unrelated event in between breaks the sequence.
  if (order !== 'strict') where.push(`(${matches.join(' OR ')})`);
  const anyStep = q.series.map((_, i) => `s${i}`).join(' OR ');
  const win = ctx.bind(conversionWindowMs(q));
  const nullValue = breakdown ? ctx.bind(BREAKDOWN_NULL) : '';
  const pick = q.funnelsFilter?.breakdownAttributionType === 'last_touch' ? d.argMax : d.argMin;
  const bdOfActor = breakdown
    ? `coalesce(${pick('bdv', 'seq', true)} FILTER (WHERE bdv <> ${nullValue}), ${nullValue})`
    : `''`;
  const limit = breakdown ? ctx.bind(breakdown.limit) : '';
  const other = breakdown ? ctx.bind(BREAKDOWN_OTHER) : '';
  return withCtes(ctx, (joins) => {
    // `per` is taken: the compile context names its persons CTE so (person breakdowns and filters join it).
    const ctes = [
      // Only strict funnels need consecutive numbers (the next event of the actor); the others just need
      // the order, which a (time, id) key gives without sorting every actor's events in a window.
      `raw AS (SELECT ${actor} AS actor, ${d.epochMs('e.timestamp')} AS ts,
        ${order === 'strict' ? 'e.timestamp AS event_at, e.uuid AS id' : `${d.eventOrderKey('e.timestamp', 'e.uuid')} AS seq`},
        ${matches.map((m, i) => `${m} AS s${i}`).join(', ')}, ${breakdown ? breakdown.expr : 'NULL'} AS bdv
        FROM ${d.events('e')} ${joins} WHERE ${where.join(' AND ')})`,
      d.materializedCte(
        'ev',
        order === 'strict'
          ? 'SELECT *, row_number() OVER (PARTITION BY actor ORDER BY event_at, id) AS seq FROM raw'
          : 'SELECT * FROM raw',
      ),
      ...attemptCtes(d, q, win),
      // An aggregate, not a window: no sort of every attempt by actor.
      `best AS (SELECT actor, ${d.argMax('times', d.orderKey([d.listLength('times'), 'start']))} AS times FROM att GROUP BY actor)`,
      ...(breakdown
        ? [
            `bda AS (SELECT actor, ${bdOfActor} AS bd FROM ev WHERE ${anyStep} GROUP BY actor)`,
            d.materializedCte(
              'per_actor',
              `SELECT best.actor, best.times, ${d.listLength('best.times')} AS steps, bda.bd FROM best JOIN bda USING (actor)`,
            ),
          ]
        : [`per_actor AS (SELECT actor, times, ${d.listLength('times')} AS steps, '' AS bd FROM best)`]),
    ];
    if (breakdown) {
      ctes.push(`top AS (SELECT bd FROM per_actor GROUP BY bd ORDER BY count(*) DESC, bd LIMIT ${limit})`);
      const keep = breakdown.hideOther ? 'WHERE bd IN (SELECT bd FROM top)' : '';
      ctes.push(`actors AS (SELECT actor, times, steps,
        CASE WHEN bd IN (SELECT bd FROM top) THEN bd ELSE ${other} END AS bd FROM per_actor ${keep})`);
    } else ctes.push('actors AS (SELECT * FROM per_actor)');
    return ctes;
  });
}

/** Per breakdown value and step (1-based `k`): actors reaching it, and their time from the step before. */
export function funnelStepsSql(ctx: CompileContext, actorsSql: string): string {
  const dt = 'CASE WHEN k > 1 THEN (times[k] - times[k - 1]) / 1000.0 END';
  return `${actorsSql}
    SELECT bd, k, count(*) AS c, avg(dt) AS avg_t, ${ctx.dialect.quantile('dt', 0.5)} AS med_t
    FROM (SELECT bd, k, ${dt} AS dt FROM (SELECT bd, times, ${ctx.dialect.unnestList('range(1, steps + 1)')} AS k FROM actors))
    GROUP BY bd, k`;
}

/** Seconds from step `from` to step `to` (0-based) of every actor who reached `to`. */
export function funnelConversionTimesSql(
  ctx: CompileContext,
  actorsSql: string,
  from: number,
  to: number,
): string {
  return `${actorsSql} SELECT (times[${to + 1}] - times[${from + 1}]) / 1000.0 AS secs
    FROM actors WHERE steps >= ${ctx.bind(to + 1)} ORDER BY secs`;
}
