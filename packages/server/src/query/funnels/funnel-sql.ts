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

// Steps' instants travel as columns t0..tN (NULL once an attempt stops), not as a list: lists cost a
// nested value per attempt in `best` and an unnest per step at the end (the ordered funnel measured 1.6× its
// hand-written SQL with lists).
const stepColumns = (n: number) => Array.from({ length: n }, (_, k) => `t${k}`);

/** The per-step events an ordered funnel joins, each read by its own scan (see `funnelActorsSql`). */
interface StepScans {
  /** `SELECT actor, seq, ts FROM events … WHERE` this step's match. */
  scan: (k: number) => string;
}

/** Rows of one conversion attempt per start event: `start` and `t0..tN` (epoch ms) of the steps it reached. */
function attemptCtes(d: SqlDialect, q: FunnelsQuery, win: string, scans: StepScans | null): string[] {
  const n = q.series.length;
  const order = q.funnelsFilter?.funnelOrderType ?? 'ordered';
  const steps = Array.from({ length: n }, (_, k) => k);
  const ctes: string[] = [];
  if (order === 'unordered') {
    // Every step event anchors an attempt; each step's next event at or after the anchor (a running
    // minimum over the following rows, as instants grow with seq) counts when it falls inside the window.
    // The instants reached, sorted, are the attempt's steps (step k = the k-th one reached).
    const next = steps.map(
      (k) => `min(CASE WHEN s${k} THEN ts END) OVER (PARTITION BY actor ORDER BY seq
        ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS n${k}`,
    );
    const times = steps.map((k) => `CASE WHEN n${k} - ts <= ${win} THEN n${k} END`);
    ctes.push(`att AS (SELECT actor, start, ${steps.map((k) => `times[${k + 1}] AS t${k}`).join(', ')}
      FROM (SELECT actor, ts AS start, ${d.nonNullList(times, true)} AS times
        FROM (SELECT actor, ts, ${next.join(', ')} FROM ev)))`);
    return ctes;
  }
  ctes.push(
    scans
      ? `c0 AS (SELECT actor, seq AS q0, ts AS t0 FROM (${scans.scan(0)}) s)`
      : 'c0 AS (SELECT actor, seq AS q0, ts AS t0 FROM ev WHERE s0)',
  );
  for (const k of steps.slice(1)) {
    const prev = `c${k - 1}`;
    // A step counts only after the one before it was reached (an ASOF join may match a NULL key).
    const inWindow = `p.q${k - 1} IS NOT NULL AND n.ts - p.t0 <= ${win}`;
    // Ordered: the earliest later event of the step (greedy matching reaches the furthest step).
    // Strict: the very next event of the actor, whatever it is, must be the step.
    const stepRows = scans ? scans.scan(k) : `SELECT actor, seq, ts FROM ev WHERE s${k}`;
    const join =
      order === 'strict'
        ? `LEFT JOIN ev n ON n.actor = p.actor AND n.seq = p.q${k - 1} + 1 AND n.s${k}`
        : `ASOF LEFT JOIN (${stepRows}) n ON n.actor = p.actor AND n.seq > p.q${k - 1}`;
    ctes.push(`c${k} AS (SELECT p.*, CASE WHEN ${inWindow} THEN n.seq END AS q${k},
      CASE WHEN ${inWindow} THEN n.ts END AS t${k} FROM ${prev} p ${join})`);
  }
  ctes.push(`att AS (SELECT actor, t0 AS start, ${stepColumns(n).join(', ')} FROM c${n - 1})`);
  return ctes;
}

/**
 * Each actor's best attempt: the furthest, then the latest start. One numeric key (steps above 2^44 ms, over
 * 500 years of instants) orders both, and every column takes the value of the attempt with the highest key.
 * Steps are reached in order (t_k is set only if t_(k-1) is), so the attempts where t_k is set are those that
 * got past step k: an aggregate skipping NULL values (both dialects' arg_max) still picks the best one's.
 */
function bestCte(d: SqlDialect, n: number): string {
  const columns = stepColumns(n);
  const reached = columns.map((t) => `CASE WHEN ${t} IS NOT NULL THEN 1 ELSE 0 END`).join(' + ');
  // Read under other names: ClickHouse resolves `t0` inside `argMax(t0, …) AS t0` to the aggregate itself.
  const inputs = columns.map((t, k) => `${t} AS r${k}`).join(', ');
  const picks = columns.map((t, k) => `${d.argMax(`r${k}`, 'rank')} AS ${t}`);
  return `best AS (SELECT actor, ${picks.join(', ')}
    FROM (SELECT actor, ${inputs}, (${reached}) * 17592186044416 + start AS rank FROM att) GROUP BY actor)`;
}

/**
 * One row per actor who did step 1 in the range: `bd` (breakdown value) and `t0..tN`, the instants of the
 * steps reached (NULL past the last one). Among an actor's attempts the furthest wins, then the latest start.
 */
export function funnelActorsSql(ctx: CompileContext, q: FunnelsQuery, range: ResolvedRange): string {
  const d = ctx.dialect;
  const n = q.series.length;
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
  const anyStep = q.series.map((_, i) => `s${i}`).join(' OR ');
  const win = ctx.bind(conversionWindowMs(q));
  const nullValue = breakdown ? ctx.bind(BREAKDOWN_NULL) : '';
  const pick = q.funnelsFilter?.breakdownAttributionType === 'last_touch' ? d.argMax : d.argMin;
  const bdOfActor = breakdown
    ? `coalesce(${pick('bdv', 'seq', true)} FILTER (WHERE bdv <> ${nullValue}), ${nullValue})`
    : `''`;
  const limit = breakdown ? ctx.bind(breakdown.limit) : '';
  const other = breakdown ? ctx.bind(BREAKDOWN_OTHER) : '';
  const columns = stepColumns(n).join(', ');
  return withCtes(ctx, (joins) => {
    const seq = d.eventOrderKey('e.timestamp', 'e.uuid');
    // An ordered funnel without a breakdown reads each step's events by a scan of its own, as a hand would
    // write it: the step's event name reaches the scan as a filter, and nothing is materialized. One scan
    // of all steps' events (an OR of the matches, then a materialized CTE read once per step) cost 1.5× that.
    const scans: StepScans | null =
      order === 'ordered' && !breakdown
        ? {
            scan: (k) => `SELECT ${actor} AS actor, ${seq} AS seq, ${d.epochMs('e.timestamp')} AS ts
              FROM ${d.events('e')} ${joins} WHERE ${[...where, matches[k] ?? 'false'].join(' AND ')}`,
          }
        : null;
    // Strict funnels need every event of the actor: an unrelated event in between breaks the sequence.
    const evWhere = order === 'strict' ? where : [...where, `(${matches.join(' OR ')})`];
    // `per` is taken: the compile context names its persons CTE so (person breakdowns and filters join it).
    const ctes = scans
      ? []
      : [
          // Only strict funnels need consecutive numbers (the next event of the actor); the others just need
          // the order, which a (time, id) key gives without sorting every actor's events in a window.
          `raw AS (SELECT ${actor} AS actor, ${d.epochMs('e.timestamp')} AS ts,
        ${order === 'strict' ? 'e.timestamp AS event_at, e.uuid AS id' : `${seq} AS seq`},
        ${matches.map((m, i) => `${m} AS s${i}`).join(', ')}, ${breakdown ? breakdown.expr : 'NULL'} AS bdv
        FROM ${d.events('e')} ${joins} WHERE ${evWhere.join(' AND ')})`,
          d.materializedCte(
            'ev',
            order === 'strict'
              ? 'SELECT *, row_number() OVER (PARTITION BY actor ORDER BY event_at, id) AS seq FROM raw'
              : 'SELECT * FROM raw',
          ),
        ];
    ctes.push(
      ...attemptCtes(d, q, win, scans),
      // An aggregate, not a window: no sort of every attempt by actor.
      bestCte(d, n),
      ...(breakdown
        ? [
            `bda AS (SELECT actor, ${bdOfActor} AS bd FROM ev WHERE ${anyStep} GROUP BY actor)`,
            d.materializedCte(
              'per_actor',
              `SELECT best.actor, ${stepColumns(n)
                .map((t) => `best.${t}`)
                .join(', ')}, bda.bd FROM best JOIN bda USING (actor)`,
            ),
          ]
        : [`per_actor AS (SELECT actor, ${columns}, '' AS bd FROM best)`]),
    );
    if (breakdown) {
      ctes.push(`top AS (SELECT bd FROM per_actor GROUP BY bd ORDER BY count(*) DESC, bd LIMIT ${limit})`);
      const keep = breakdown.hideOther ? 'WHERE bd IN (SELECT bd FROM top)' : '';
      ctes.push(`actors AS (SELECT actor, ${columns},
        CASE WHEN bd IN (SELECT bd FROM top) THEN bd ELSE ${other} END AS bd FROM per_actor ${keep})`);
    } else ctes.push('actors AS (SELECT * FROM per_actor)');
    return ctes;
  });
}

/**
 * One row per breakdown value: `c<k>` actors reaching step k (0-based), and for k ≥ 1 `a<k>` and `m<k>`,
 * the average and median seconds from step k-1 — columns, so no step list is unnested per actor.
 */
export function funnelStepsSql(ctx: CompileContext, actorsSql: string, n: number): string {
  const d = ctx.dialect;
  const stats: string[] = [];
  const gaps: string[] = [];
  for (let k = 0; k < n; k++) {
    stats.push(`count(t${k}) AS c${k}`);
    if (k === 0) continue;
    gaps.push(`(t${k} - t${k - 1}) / 1000.0 AS dt${k}`);
    stats.push(`avg(dt${k}) AS a${k}`, `${d.quantile(`dt${k}`, 0.5)} AS m${k}`);
  }
  const cols = [...stepColumns(n), ...gaps].join(', ');
  return `${actorsSql}
    SELECT bd, ${stats.join(', ')} FROM (SELECT bd, ${cols} FROM actors) GROUP BY bd`;
}

/** Seconds from step `from` to step `to` (0-based) of every actor who reached `to`. */
export function funnelConversionTimesSql(
  _ctx: CompileContext,
  actorsSql: string,
  from: number,
  to: number,
): string {
  // Integers from the validated request, not user text: the step columns are named by them.
  return `${actorsSql} SELECT (t${to} - t${from}) / 1000.0 AS secs
    FROM actors WHERE t${to} IS NOT NULL ORDER BY secs`;
}
