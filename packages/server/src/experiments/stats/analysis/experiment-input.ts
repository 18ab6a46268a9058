import type { AnalysisOptions } from './analysis-options.ts';

/**
 * What the experiment results pipeline hands to `analyzeExperiment`: per-variant aggregates only, never raw
 * events, so the statistics stay independent of the event store. Units are persons (first exposure per
 * person, multi-exposed persons already excluded).
 */
export interface VariantInput {
  key: string;
  /** Persons counted as exposed to this variant. */
  exposures: number;
  /** Configured share of traffic, on any positive scale (rollout percentages work as they are). */
  split: number;
}

/** Binary outcome per person: did they convert (at least once, within the metric's window)? */
export interface ConversionAggregate {
  units: number;
  conversions: number;
}

/** Numeric outcome per person (a count of events, or the sum of a property): Σx and Σx² over persons. */
export interface MeanAggregate {
  units: number;
  sum: number;
  sumOfSquares: number;
}

interface MetricBase {
  key: string;
  /** False for metrics that should go down (errors, latency). Default true. */
  higherIsBetter?: boolean;
}

export interface ConversionMetricInput extends MetricBase {
  kind: 'conversion';
  variants: Record<string, ConversionAggregate>;
}

export interface MeanMetricInput extends MetricBase {
  kind: 'mean';
  variants: Record<string, MeanAggregate>;
}

export type MetricInput = ConversionMetricInput | MeanMetricInput;

export interface ExperimentInput {
  controlKey: string;
  variants: VariantInput[];
  primaryMetric: MetricInput;
  secondaryMetrics?: MetricInput[];
  options?: Partial<AnalysisOptions>;
}
