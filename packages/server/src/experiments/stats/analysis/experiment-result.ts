import type { CredibleInterval } from '../bayesian/posterior.ts';
import type { Interval } from '../frequentist/difference-estimate.ts';
import type { AnalysisOptions } from './analysis-options.ts';

/** Every field is a finite number, string, boolean, null or a plain object/array of them: JSON round-trips it. */
export interface BayesianSummary {
  posteriorMean: number;
  credibleInterval: CredibleInterval;
  probabilityToBeBest: number;
  /** Null for the control. */
  probabilityToBeatControl: number | null;
  /** Metric units lost, on average, by shipping this variant instead of the best one. */
  expectedLoss: number;
}

export interface FrequentistComparison {
  test: 'two_proportion_z' | 'welch_t';
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom; null for the z-test. */
  degreesOfFreedom: number | null;
  pValue: number;
  /** Holm (primary metric) or Benjamini–Hochberg (secondary metrics) adjusted p-value. */
  adjustedPValue: number;
  significant: boolean;
  /** Treatment − control, with a (1 − α) confidence interval. */
  absoluteDifference: Interval & { standardError: number };
  /** Treatment / control − 1; null when the control mean is 0. */
  relativeDifference: Interval | null;
}

export interface VariantMetricResult {
  key: string;
  units: number;
  /** Conversion rate or mean per unit; null with no units. */
  value: number | null;
  bayesian: BayesianSummary | null;
  /** Comparison with the control; null for the control itself and when the test is undefined. */
  frequentist: FrequentistComparison | null;
}

export interface MetricResult {
  key: string;
  kind: 'conversion' | 'mean';
  role: 'primary' | 'secondary';
  higherIsBetter: boolean;
  correction: 'holm' | 'benjamini_hochberg';
  variants: VariantMetricResult[];
}

export type ReasonCode =
  | 'SRM_DETECTED'
  | 'INSUFFICIENT_EXPOSURES'
  | 'INSUFFICIENT_CONVERSIONS'
  | 'NOT_COMPUTABLE'
  | 'SIGNIFICANT_WINNER'
  | 'CONTROL_WINS'
  | 'EQUIVALENT'
  | 'TARGET_REACHED'
  | 'INCONCLUSIVE'
  | 'PROBABLY_BEST'
  | 'LOW_EXPECTED_LOSS'
  | 'SECONDARY_REGRESSION';

export interface Reason {
  code: ReasonCode;
  detail: string;
  variant: string | null;
  metric: string | null;
}

export interface SrmSummary {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  alert: boolean;
  variants: {
    key: string;
    exposures: number;
    expectedExposures: number;
    expectedShare: number;
    /** Null before any exposure. */
    observedShare: number | null;
  }[];
}

export type Recommendation = 'keep_running' | 'no_difference' | 'srm_invalid' | `ship_${string}`;

export interface ExperimentResult {
  recommendation: Recommendation;
  /** The variant to ship when the recommendation is ship_<variant>, else null. */
  shipVariant: string | null;
  reasons: Reason[];
  srm: SrmSummary;
  sampleSizeReached: boolean;
  primaryMetric: MetricResult;
  secondaryMetrics: MetricResult[];
  options: AnalysisOptions;
}
