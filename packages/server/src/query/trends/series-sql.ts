import { AppError } from '../../errors/app-error.ts';
import type { CompileContext } from '../compile-context.ts';
import type { ResolvedRange } from '../date-range.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import type { EventsNode, MathType, TrendsQuery } from '../query-schemas.ts';
import { wallKey } from '../zoned-time.ts';
import { BREAKDOWN_OTHER, breakdownSql } from './breakdown-sql.ts';

/**
 * `line`: one value per interval. `total`: one value for the whole range (BoldNumber, pie, table).
 * `firstSeen`: actors counted in the interval they first appear (cumulative unique counts).
 */
export type SeriesMode = 'line' | 'total' | 'firstSeen';

const PERCENTILES = new Map([
  ['median', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
]);
const SLIDING: Partial<Record<MathType, '7 days' | '30 days'>> = {
  weekly_active: '7 days',
  monthly_active: '30 days',
};
const DISTINCT_MATH = new Set<MathType>([
  'dau',
  'weekly_active',
  'monthly_active',
  'unique_group',
  'unique_session',
]);
const DAY_MS = 86_400_000;

export const isDistinctMath = (math: MathType) => DISTINCT_MATH.has(math);

const invalid = (detail: string, attr: string) => new AppError('INVALID_QUERY', detail, attr);

function actorSql(ctx: CompileContext, q: TrendsQuery, s: EventsNode, attr: string): string {
  const math = s.math ?? 'total';
  if (math === 'unique_group') {
    const i = s.math_group_type_index;
    if (i === null || i === undefined)
      throw invalid('unique_group needs math_group_type_index.', `${attr}.math_group_type_index`);
    return `nullif(e.group_${i}, '')`;
  }
  if (math === 'unique_session') return `nullif(${ctx.eventProperty('$session_id')}, '')`;
  const g = q.aggregation_group_type_index;
  if (g !== null && g !== undefined) return `nullif(e.group_${g}, '')`;
  return ctx.personKey();
}

function aggregate(ctx: CompileContext, math: MathType, column: string): string {
  if (math === 'total') return 'count(*)';
  if (isDistinctMath(math)) return 'count(DISTINCT actor)';
  const base = math.replace('_count_per_actor', '');
  const quantile = PERCENTILES.get(base);
  if (quantile !== undefined) return ctx.dialect.quantile(column, quantile);
  return `${base}(${column})`;
}

const VALUE_MATH = new Set<MathType>(['sum', 'avg', 'min', 'max', 'median', 'p90', 'p95', 'p99']);
// Maths whose per-(bucket, breakdown) partials combine exactly, so "other" is a sum of partials.
const PARTIALS: Partial<Record<MathType, { partials: string; combine: string }>> = {
  total: { partials: '', combine: 'sum(n)' },
  sum: { partials: ', sum(val) AS s', combine: 'sum(s)' },
  avg: { partials: ', sum(val) AS s, count(val) AS c', combine: 'sum(s) / nullif(sum(c), 0)' },
  min: { partials: ', min(val) AS mn', combine: 'min(mn)' },
  max: { partials: ', max(val) AS mx', combine: 'max(mx)' },
};

/**
 * The SQL of one series over one range, returning rows of (bucket, bd, value). Buckets stay timestamps
 * until the last step (formatting every row's bucket costs more than the scan). A breakdown's top values
 * and its "other" come from one scan: rows are first reduced per (bucket, value[, actor]), then ranked.
 */
export function seriesSql(
  ctx: CompileContext,
  q: TrendsQuery,
  index: number,
  range: ResolvedRange,
  mode: SeriesMode,
): string {
  const s = q.series[index] as EventsNode;
  const attr = `series.${index}`;
  const math = s.math ?? 'total';
  const d = ctx.dialect;
  const sliding = mode === 'line' ? SLIDING[math] : undefined;
  const lookback = sliding === '7 days' ? 7 * DAY_MS : sliding === '30 days' ? 30 * DAY_MS : 0;
  const since = new Date(range.from.getTime() - lookback);
  const local = ctx.localTime(since, range.to);
  const bucket = mode === 'total' ? d.nullTimestamp() : d.bucketStart(local, range.interval);
  const needsActor = math !== 'total' && !VALUE_MATH.has(math);
  const actor = needsActor ? actorSql(ctx, q, s, attr) : 'NULL';
  let value = 'NULL';
  if (VALUE_MATH.has(math)) {
    if (!s.math_property) throw invalid(`math "${math}" needs math_property.`, `${attr}.math_property`);
    value = d.toNumber(ctx.eventProperty(s.math_property));
  }
  const breakdown = breakdownSql(ctx, q.breakdownFilter, local);
  const where = [
    `${ctx.inProject('e.project_id')}`,
    `e.timestamp >= ${d.timestampParam(ctx.bind(since))}`,
    `e.timestamp < ${d.timestampParam(ctx.bind(range.to))}`,
  ];
  if (s.event) where.push(`e.event = ${ctx.bind(s.event)}`);
  where.push(...propertiesSql(ctx, q.properties, 'properties'));
  where.push(...propertiesSql(ctx, s.properties, `${attr}.properties`));
  if (needsActor) where.push(`${actor} IS NOT NULL`);

  const bd =
    breakdown === null ? 'NULL' : breakdown.kind === 'list' ? d.unnestList(breakdown.expr) : breakdown.expr;
  const { ctes, joins } = ctx.joins();
  const perActor = math.endsWith('_count_per_actor');
  const partial = perActor || sliding || mode === 'firstSeen' ? undefined : PARTIALS[math];
  // Rows of `from` stand for `weight` events each once they are reduced.
  let weight = 'count(*)';
  const src = (materialized: boolean) => {
    const body = `SELECT ${sliding ? `${local} AS lt, ` : ''}${bucket} AS bucket, ${bd} AS bd, ${actor} AS actor,
      ${value} AS val FROM ${d.events('e')} ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
    ctes.push(materialized ? d.materializedCte('src', body) : `src AS (${body})`);
  };
  let from = 'src';
  if (breakdown?.kind === 'value') {
    const limit = ctx.bind(breakdown.limit);
    // Bound where used: DuckDB refuses a parameter its statement does not read.
    const other = () => ctx.bind(BREAKDOWN_OTHER);
    const top = (rows: string, count: string) =>
      `top AS (SELECT bd FROM ${rows} GROUP BY bd ORDER BY ${count} DESC, bd LIMIT ${limit})`;
    const ranked = () => `CASE WHEN bd IN (SELECT bd FROM top) THEN bd ELSE ${other()} END`;
    const keep = breakdown.hideOther ? 'WHERE bd IN (SELECT bd FROM top)' : '';
    if (partial) {
      src(false);
      ctes.push(
        `pre AS (SELECT bucket, bd, count(*) AS n${partial.partials} FROM src GROUP BY 1, 2)`,
        top('pre', 'sum(n)'),
      );
      return formatted(
        d,
        `${withSql(ctes)} SELECT bucket, ${ranked()} AS bd, ${partial.combine} AS value FROM pre ${keep} GROUP BY 1, 2`,
      );
    }
    if (!sliding && !VALUE_MATH.has(math)) {
      src(false);
      ctes.push(
        'pre AS (SELECT bucket, bd, actor, count(*) AS n FROM src GROUP BY 1, 2, 3)',
        top('pre', 'sum(n)'),
      );
      if (isDistinctMath(math) && mode !== 'firstSeen' && d.reusesAggregateCtes) {
        // `pre` holds each (bucket, value, actor) once, so a top value's unique actors are its rows; only
        // "other", where several values merge, needs a distinct count (one over every row cost 1.36× the
        // hand-written SQL, bench/query).
        const topRows = `SELECT bucket, bd, count(*) AS value FROM pre WHERE bd IN (SELECT bd FROM top) GROUP BY 1, 2`;
        const otherRows = () => `SELECT bucket, ${other()} AS bd, count(DISTINCT actor) AS value FROM pre
          WHERE NOT coalesce(bd IN (SELECT bd FROM top), false) GROUP BY 1`;
        const rows = breakdown.hideOther ? topRows : `${topRows} UNION ALL ${otherRows()}`;
        return formatted(d, `${withSql(ctes)} ${rows}`);
      }
      ctes.push(`ranked AS (SELECT bucket, ${ranked()} AS bd, actor, n FROM pre ${keep})`);
      weight = 'sum(n)';
    } else {
      src(true);
      ctes.push(
        top('src', 'count(*)'),
        `ranked AS (SELECT ${sliding ? 'lt, ' : ''}bucket, ${ranked()} AS bd, actor, val FROM src ${keep})`,
      );
    }
    from = 'ranked';
  } else src(false);
  const agg = aggregate(ctx, math, perActor ? 'c' : 'val');
  const withText = withSql(ctes);

  if (sliding) {
    const buckets = ctx.bind(range.buckets.map(wallKey));
    const step = d.intervalLiteral(range.interval);
    return `${withText}, b AS (SELECT ${d.wallTimestamp('value')} AS b FROM ${d.textListRows(buckets)})
      SELECT ${d.formatKey('b.b')} AS bucket, r.bd, count(DISTINCT r.actor) AS value
      FROM b JOIN ${from} r ON r.lt < b.b + ${step} AND r.lt >= b.b + ${step} - ${d.intervalLiteral(sliding)}
      GROUP BY 1, 2`;
  }
  if (mode === 'firstSeen') {
    return formatted(
      d,
      `${withText} SELECT bucket, bd, count(*) AS value
      FROM (SELECT actor, bd, min(bucket) AS bucket FROM ${from} GROUP BY actor, bd) GROUP BY 1, 2`,
    );
  }
  if (perActor) {
    return formatted(
      d,
      `${withText} SELECT bucket, bd, ${agg} AS value
      FROM (SELECT bucket, bd, actor, ${weight} AS c FROM ${from} GROUP BY 1, 2, 3) GROUP BY 1, 2`,
    );
  }
  return formatted(d, `${withText} SELECT bucket, bd, ${agg} AS value FROM ${from} GROUP BY 1, 2`);
}

const withSql = (ctes: string[]) => `WITH ${ctes.join(',\n')}`;

/** Formats the bucket key once per result row rather than once per event. */
const formatted = (d: CompileContext['dialect'], sql: string) =>
  `SELECT ${d.formatKey('bucket')} AS bucket, bd, value FROM (${sql})`;
