import type { Experiment } from '../experiment.ts';
import type { ExperimentMetricInput } from '../experiment-schemas.ts';
import type { ExperimentInput, MetricInput } from '../stats/index.ts';

/** One row of `experimentResultsSql`, decoded. */
export interface ResultRow {
  metric: number;
  variant: string | null;
  units: number;
  total: number;
  totalSq: number;
}

export interface MetricLabel {
  uuid: string;
  key: string;
  role: 'primary' | 'secondary';
}

export interface ResultsInput {
  exposures: Record<string, number>;
  multipleVariantExposures: number;
  holdoutExposures: number | null;
  metrics: MetricLabel[];
  /** Null when the experiment has no metric yet: exposures are still worth showing. */
  analysis: ExperimentInput | null;
}

function describe(m: ExperimentMetricInput): string {
  if (m.name) return m.name;
  if (m.metric_type === 'funnel') return `${m.series[0]?.event ?? ''} conversion`;
  return m.source.math === 'sum'
    ? `${m.source.event} ${m.source.math_property ?? ''} per person`
    : `${m.source.event} count per person`;
}

/**
 * Metric keys are what the reasons quote, so they are readable names, made unique. The first of `metrics` is
 * the primary one the verdict rests on; further primary metrics are analysed with the secondary family.
 */
export function metricLabels(e: Experiment): MetricLabel[] {
  const seen = new Map<string, number>();
  const label = (m: ExperimentMetricInput, role: MetricLabel['role']): MetricLabel => {
    const base = describe(m);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { uuid: m.uuid ?? base, key: n === 1 ? base : `${base} (${n})`, role };
  };
  return [
    ...e.metrics.map((m, i) => label(m, i === 0 ? 'primary' : 'secondary')),
    ...e.secondaryMetrics.map((m) => label(m, 'secondary')),
  ];
}

/** Rows → exposures and the statistics core's per-variant aggregates (variants nobody reached count as 0). */
export function resultsInput(e: Experiment, rows: ResultRow[], holdoutVariant: string | null): ResultsInput {
  const keys = e.variants.map((v) => v.key);
  const exposures = Object.fromEntries(keys.map((k) => [k, 0]));
  let multiple = 0;
  let holdout = 0;
  for (const row of rows.filter((r) => r.metric === -1)) {
    if (row.variant === null) multiple += row.units;
    else if (row.variant === holdoutVariant) holdout += row.units;
    // Own keys only: `in` would also accept "constructor" or "toString" as variants.
    else if (Object.hasOwn(exposures, row.variant)) exposures[row.variant] = row.units;
  }
  const all = [...e.metrics, ...e.secondaryMetrics];
  const labels = metricLabels(e);
  const metricInput = (m: ExperimentMetricInput, i: number): MetricInput => {
    const byVariant = new Map(rows.filter((r) => r.metric === i).map((r) => [r.variant, r]));
    const at = (k: string) => byVariant.get(k) ?? { units: 0, total: 0, totalSq: 0 };
    const key = labels[i]?.key ?? String(i);
    const higherIsBetter = m.goal !== 'decrease';
    if (m.metric_type === 'funnel') {
      const variants = Object.fromEntries(
        keys.map((k) => [k, { units: at(k).units, conversions: Math.round(at(k).total) }]),
      );
      return { key, kind: 'conversion', higherIsBetter, variants };
    }
    const variants = Object.fromEntries(
      keys.map((k) => [k, { units: at(k).units, sum: at(k).total, sumOfSquares: at(k).totalSq }]),
    );
    return { key, kind: 'mean', higherIsBetter, variants };
  };
  const inputs = all.map(metricInput);
  const [primary, ...secondary] = inputs;
  const analysis: ExperimentInput | null = primary
    ? {
        controlKey: 'control',
        variants: e.variants.map((v) => ({
          key: v.key,
          exposures: exposures[v.key] ?? 0,
          split: v.rollout_percentage,
        })),
        primaryMetric: primary,
        secondaryMetrics: secondary,
        options: { decisionRule: e.decisionRule },
      }
    : null;
  return {
    exposures,
    multipleVariantExposures: multiple,
    holdoutExposures: holdoutVariant === null ? null : holdout,
    metrics: labels,
    analysis,
  };
}
