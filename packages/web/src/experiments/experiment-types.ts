// Wire shapes of the experiments API (PostHog's Experiment resource plus Signpost's `status`), only the fields
// the app reads. `analysis` is the statistics core's ExperimentResult.

import type { FlagFilters, Variant } from '../api/types.ts';

export type ExperimentStatus = 'draft' | 'running' | 'complete';

interface EventNode {
  kind?: 'EventsNode';
  event: string;
}

export type ExperimentMetric =
  | {
      kind?: 'ExperimentMetric';
      metric_type: 'funnel';
      series: EventNode[];
      conversion_window?: number | null;
      conversion_window_unit?: 'hour' | 'day' | 'week';
      goal?: 'increase' | 'decrease';
    }
  | {
      kind?: 'ExperimentMetric';
      metric_type: 'mean';
      source: EventNode & { math: 'total' | 'sum'; math_property?: string | null };
      conversion_window?: number | null;
      conversion_window_unit?: 'hour' | 'day' | 'week';
      goal?: 'increase' | 'decrease';
    };

export interface Experiment {
  id: number;
  name: string;
  description: string | null;
  start_date: string | null;
  end_date: string | null;
  feature_flag_key: string;
  feature_flag: { id: number; key: string; active: boolean; filters: FlagFilters } | null;
  holdout: { exclusion_percentage: number } | null;
  parameters: { feature_flag_variants: Variant[] };
  metrics: ExperimentMetric[];
  metrics_secondary: ExperimentMetric[];
  archived: boolean;
  status: ExperimentStatus;
  shipped_variant: string | null;
  created_at: string;
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface VariantMetricResult {
  key: string;
  units: number;
  value: number | null;
  bayesian: {
    posteriorMean: number;
    credibleInterval: { lower: number; upper: number };
    probabilityToBeBest: number;
    probabilityToBeatControl: number | null;
    expectedLoss: number;
  } | null;
  frequentist: {
    test: 'two_proportion_z' | 'welch_t';
    pValue: number;
    adjustedPValue: number;
    significant: boolean;
    absoluteDifference: Interval;
    relativeDifference: Interval | null;
  } | null;
}

export interface MetricResult {
  key: string;
  kind: 'conversion' | 'mean';
  role: 'primary' | 'secondary';
  higherIsBetter: boolean;
  correction: 'holm' | 'benjamini_hochberg';
  variants: VariantMetricResult[];
}

export interface Reason {
  code: string;
  detail: string;
  variant: string | null;
  metric: string | null;
}

export interface SrmSummary {
  pValue: number;
  alert: boolean;
  variants: { key: string; exposures: number; expectedShare: number; observedShare: number | null }[];
}

export interface ExperimentAnalysis {
  recommendation: string;
  shipVariant: string | null;
  reasons: Reason[];
  srm: SrmSummary;
  sampleSizeReached: boolean;
  primaryMetric: MetricResult;
  secondaryMetrics: MetricResult[];
  options: { alpha: number; credibleLevel: number; decisionRule: 'frequentist' | 'bayesian' };
}

export interface ExperimentResults {
  exposures: Record<string, number>;
  multiple_variant_exposures: number;
  holdout_exposures: number | null;
  date_range: { date_from: string; date_to: string };
  analysis: ExperimentAnalysis | null;
  is_cached: boolean;
  last_refresh: string;
}
