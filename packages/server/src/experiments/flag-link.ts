import type { FlagFilters } from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import { type CreateFlagInput, type FiltersInput, filtersSchema } from '../flags/flag-schemas.ts';
import type { ExperimentVariant } from './experiment.ts';
import { checkVariants } from './experiment-variants.ts';

// How an experiment shapes its flag. Filters go back through the flag service's own validation, so a flag
// changed here is exactly as valid as one changed on the flags API.

const asInput = (filters: FlagFilters): FiltersInput => filtersSchema.parse(filters);

/**
 * A new experiment's flag: everyone in, split by the variants, optionally held out. Inactive until launch, as
 * PostHog does, so nobody is bucketed (or logged as exposed) while the experiment is a draft.
 */
export function experimentFlag(
  key: string,
  name: string,
  variants: ExperimentVariant[],
  experimentId: number,
  holdout: number | null,
  active: boolean,
): CreateFlagInput {
  const filters: FlagFilters = {
    groups: [{ properties: [], rollout_percentage: 100 }],
    multivariate: { variants },
  };
  return {
    key,
    name: `Feature flag for experiment ${name}`,
    active,
    filters: withHoldout(asInput(filters), experimentId, holdout),
  };
}

/** A linked flag must already be multivariate; its variants are the experiment's. */
export function linkableVariants(
  flag: FeatureFlag,
  requested: ExperimentVariant[] | undefined,
): ExperimentVariant[] {
  const variants = flag.filters.multivariate?.variants ?? [];
  if (variants.length < 2) {
    throw new AppError(
      'EXPERIMENT_FLAG_NOT_MULTIVARIATE',
      `Flag "${flag.key}" is not a multivariate flag with at least two variants; an experiment needs one (or a new key to create it).`,
      'feature_flag_key',
    );
  }
  const own = variants.map((v) => ({ key: v.key, rollout_percentage: v.rollout_percentage }));
  if (requested && requested.map((v) => v.key).join() !== own.map((v) => v.key).join()) {
    throw new AppError(
      'INVALID_EXPERIMENT',
      `Flag "${flag.key}" has the variants ${own.map((v) => v.key).join(', ')}; change them on the flag, or omit parameters.feature_flag_variants.`,
      'parameters.feature_flag_variants',
    );
  }
  return checkVariants(own);
}

export function withVariants(filters: FlagFilters, variants: ExperimentVariant[]): FiltersInput {
  return asInput({ ...filters, multivariate: { variants } });
}

/** The experiment's holdout rides on the flag's own holdout, keyed by the experiment id. */
export function withHoldout(
  filters: FlagFilters,
  experimentId: number,
  percentage: number | null,
): FiltersInput {
  const current = filters.holdout ?? null;
  const wanted = percentage === null ? null : { id: experimentId, exclusion_percentage: percentage };
  if (JSON.stringify(current) === JSON.stringify(wanted)) return asInput(filters);
  return asInput({ ...filters, holdout: wanted });
}

/**
 * Everyone the flag targets gets `variant`: every condition overrides to it at 100%, the split becomes 100/0
 * (kept, so payloads and the variant list survive), and the holdout ends with the experiment.
 */
export function shippedFilters(filters: FlagFilters, variant: string): FiltersInput {
  const variants = (filters.multivariate?.variants ?? []).map((v) => ({
    ...v,
    rollout_percentage: v.key === variant ? 100 : 0,
  }));
  const groups = (filters.groups ?? []).map((g) => ({ ...g, rollout_percentage: 100, variant }));
  return asInput({ ...filters, groups, multivariate: { variants }, holdout: null });
}
