import { timeWindowSql, withCtes } from '../../query/actor-events.ts';
import type { CompileContext } from '../../query/compile-context.ts';
import { propertiesSql } from '../../query/property-filter-sql.ts';
import type { Experiment } from '../experiment.ts';
import type { ExperimentMetricInput } from '../experiment-schemas.ts';

export interface ResultsWindow {
  from: Date;
  to: Date;
}

/** Cannot occur in compiled SQL: user values are bound, never spliced in. */
const JOINS = '\u0000joins\u0000';
const UNIT_MS = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** What counting exposures needs of an experiment (an SRM guardrail on a flag without one gives just this). */
export type ExposureSubject = Pick<Experiment, 'flagKey' | 'exposure'>;

/** The value `$feature_flag_response` (default exposure) or `$feature/<key>` (custom exposure event) names. */
function variantOf(ctx: CompileContext, e: ExposureSubject): string {
  return ctx.eventProperty(e.exposure ? `$feature/${e.flagKey}` : '$feature_flag_response');
}

/**
 * Every exposure of the experiment in the window: the exposure event for this flag whose variant is one of the
 * experiment's arms (or its holdout). Values like `false` (not in the rollout) are not exposures.
 */
function exposureRowsSql(
  ctx: CompileContext,
  e: ExposureSubject,
  w: ResultsWindow,
  arms: string[],
  joins: string,
) {
  const actor = ctx.personKey();
  const where = [
    ctx.inProject('e.project_id'),
    ...timeWindowSql(ctx, w.from, w.to),
    `e.event = ${ctx.bind(e.exposure?.event ?? '$feature_flag_called')}`,
    ...(e.exposure
      ? propertiesSql(ctx, e.exposure.properties, 'exposure_criteria.exposure_config.properties')
      : [`${ctx.eventProperty('$feature_flag')} = ${ctx.bind(e.flagKey)}`]),
    `${variantOf(ctx, e)} IN (SELECT value FROM ${ctx.dialect.textListRows(ctx.bind(arms))})`,
    `${actor} IS NOT NULL`,
  ];
  // Not named `variant`: ClickHouse would read `variant` inside count(DISTINCT …) as the min(…) aliased so.
  return `SELECT ${actor} AS actor, ${ctx.dialect.epochMs('e.timestamp')} AS ts, ${variantOf(ctx, e)} AS arm
    FROM ${ctx.dialect.events('e')} ${joins} WHERE ${where.join(' AND ')}`;
}

/** Per exposed person: the metric's value, from their matching events at or after their first exposure. */
function metricCte(
  ctx: CompileContext,
  m: ExperimentMetricInput,
  i: number,
  w: ResultsWindow,
  joins: string,
) {
  const node = m.metric_type === 'funnel' ? m.series[0] : m.source;
  const attr = m.metric_type === 'funnel' ? `metrics.${i}.series.0` : `metrics.${i}.source`;
  const actor = ctx.personKey();
  const sumOf = m.metric_type === 'mean' && m.source.math === 'sum' ? m.source.math_property : null;
  const value = sumOf ? ctx.dialect.toNumber(ctx.eventProperty(sumOf)) : 'NULL';
  const where = [
    ctx.inProject('e.project_id'),
    ...timeWindowSql(ctx, w.from, w.to),
    `e.event = ${ctx.bind(node?.event ?? '')}`,
    ...propertiesSql(ctx, node?.properties, `${attr}.properties`),
    `${actor} IS NOT NULL`,
  ];
  const window = m.conversion_window
    ? ` AND ev.ts - x.first_ts < ${ctx.bind(m.conversion_window * UNIT_MS[m.conversion_window_unit])}`
    : '';
  const perPerson =
    m.metric_type === 'funnel'
      ? 'CASE WHEN count(ev.ts) > 0 THEN 1 ELSE 0 END'
      : sumOf
        ? 'coalesce(sum(ev.v), 0)'
        : 'count(ev.ts)';
  return `m${i} AS (SELECT x.variant, x.actor, (${perPerson})::DOUBLE AS v FROM exposed x
    LEFT JOIN (SELECT ${actor} AS actor, ${ctx.dialect.epochMs('e.timestamp')} AS ts, ${value} AS v
      FROM ${ctx.dialect.events('e')} ${joins} WHERE ${where.join(' AND ')}) ev
    ON ev.actor = x.actor AND ev.ts >= x.first_ts${window}
    GROUP BY x.variant, x.actor)`;
}

/**
 * One statement for the whole results page. Rows: `metric = -1` per variant with its exposed persons (variant
 * NULL: persons exposed to more than one arm, who are excluded everywhere else); `metric = i` per variant with
 * units, Σv and Σv² of metric i. Persons are resolved through the distinct-id mapping, so merged identities
 * count once, and every value is bound.
 */
export function experimentResultsSql(
  ctx: CompileContext,
  e: ExposureSubject,
  metrics: ExperimentMetricInput[],
  w: ResultsWindow,
  arms: string[],
): string {
  // The parts are compiled before the joins are known (a person-property filter asks for one while it
  // compiles), so they carry a marker that is swapped for the joins once every expression has been seen.
  const parts = [
    `exp_raw AS (${exposureRowsSql(ctx, e, w, arms, JOINS)})`,
    ctx.dialect.materializedCte(
      'exposure',
      `SELECT actor, min(ts) AS first_ts, min(arm) AS variant, count(DISTINCT arm) AS arms
        FROM exp_raw GROUP BY actor`,
    ),
    ctx.dialect.materializedCte('exposed', 'SELECT actor, first_ts, variant FROM exposure WHERE arms = 1'),
    ...metrics.map((m, i) => metricCte(ctx, m, i, w, JOINS)),
  ];
  const head = withCtes(ctx, (joins) => parts.map((p) => p.replaceAll(JOINS, joins)));
  const selects = [
    `SELECT -1 AS metric, CASE WHEN arms = 1 THEN variant END AS variant, count(*) AS units,
      0::DOUBLE AS total, 0::DOUBLE AS total_sq FROM exposure GROUP BY 2`,
    ...metrics.map(
      (_, i) => `SELECT ${i} AS metric, variant, count(*) AS units, sum(v) AS total, sum(v * v) AS total_sq
        FROM m${i} GROUP BY variant`,
    ),
  ];
  return `${head}\n${selects.join('\nUNION ALL\n')}`;
}
