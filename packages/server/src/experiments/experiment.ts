import type { ExperimentMetricInput, ExposureConfigInput } from './experiment-schemas.ts';

export interface ExperimentVariant {
  key: string;
  rollout_percentage: number;
}

/**
 * An A/B test on a multivariate flag. Draft until `startDate` is set (launch), complete once `endDate` is set
 * (stop or ship); only a launched, not-ended, not-archived experiment marks its flag as running for SDKs.
 */
export interface Experiment {
  id: number;
  projectId: number;
  name: string;
  description: string;
  flagId: number;
  flagKey: string;
  /** The split the analysis expects (the flag's variants when the experiment was created or linked). */
  variants: ExperimentVariant[];
  startDate: Date | null;
  endDate: Date | null;
  archived: boolean;
  deleted: boolean;
  /** Share of persons held out of the experiment entirely (they get the `holdout-<id>` variant). */
  holdoutPercentage: number | null;
  /** Null: PostHog's default, `$feature_flag_called` for this flag. */
  exposure: ExposureConfigInput | null;
  metrics: ExperimentMetricInput[];
  secondaryMetrics: ExperimentMetricInput[];
  decisionRule: 'frequentist' | 'bayesian';
  /** Variant shipped by `ship_variant`, if any. */
  shippedVariant: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

export type ExperimentStatus = 'draft' | 'running' | 'complete';

export function experimentStatus(e: Pick<Experiment, 'startDate' | 'endDate'>): ExperimentStatus {
  if (!e.startDate) return 'draft';
  return e.endDate ? 'complete' : 'running';
}

/**
 * Launched, not stopped, not archived: the flags SDKs list as active experiments. Decided by the dates being
 * set rather than compared with the clock, so the served definitions change only when the experiment does.
 */
export function isRunning(e: Experiment): boolean {
  return !e.deleted && !e.archived && experimentStatus(e) === 'running';
}
