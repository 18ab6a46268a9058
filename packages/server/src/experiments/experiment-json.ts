import type { FeatureFlag } from '../flags/feature-flag.ts';
import { type Experiment, experimentStatus } from './experiment.ts';

/** PostHog's Experiment resource shape (the fields Signpost has), plus `status` and `shipped_variant`. */
export function experimentJson(e: Experiment, flag: FeatureFlag | undefined) {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    start_date: e.startDate?.toISOString() ?? null,
    end_date: e.endDate?.toISOString() ?? null,
    feature_flag_key: e.flagKey,
    feature_flag: flag
      ? {
          id: flag.id,
          key: flag.key,
          name: flag.name,
          active: flag.active,
          deleted: flag.deleted,
          filters: flag.filters,
        }
      : null,
    holdout: e.holdoutPercentage === null ? null : { id: e.id, exclusion_percentage: e.holdoutPercentage },
    parameters: { feature_flag_variants: e.variants },
    exposure_criteria: { exposure_config: e.exposure },
    metrics: e.metrics,
    metrics_secondary: e.secondaryMetrics,
    stats_config: { method: e.decisionRule },
    archived: e.archived,
    deleted: e.deleted,
    status: experimentStatus(e),
    shipped_variant: e.shippedVariant,
    type: 'product',
    created_by: e.createdBy,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}
