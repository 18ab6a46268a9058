import type { FlagFilters } from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { FeatureFlag } from '../flags/feature-flag.ts';
import { type CreateFlagInput, type FiltersInput, filtersSchema } from '../flags/flag-schemas.ts';

// How an early-access feature shapes its flag. Filters go back through the flag service's own validation and
// activity log, so a flag changed here is exactly as valid, and as audited, as one changed on the flags API.

const asInput = (filters: unknown): FiltersInput => filtersSchema.parse(filters);

/**
 * The enrolment super condition. `feature_enrollment` is what the engine (and current PostHog) reads;
 * `super_groups` is the older spelling, kept so SDKs evaluating locally from `/flags/definitions` that only
 * know it reach the same answer.
 */
function withEnrollment(filters: FlagFilters, key: string): FiltersInput {
  const property = { key: `$feature_enrollment/${key}`, type: 'person', operator: 'exact', value: ['true'] };
  return asInput({
    ...filters,
    feature_enrollment: true,
    super_groups: [{ properties: [property], rollout_percentage: 100 }],
  });
}

/** A new feature's flag: on, but nobody gets it until they opt in (PostHog's default too). */
export function enrollmentFlag(key: string, featureName: string): CreateFlagInput {
  return {
    key,
    name: `Feature flag for early access feature "${featureName}"`,
    active: true,
    filters: withEnrollment({ groups: [{ properties: [], rollout_percentage: 0 }] }, key),
  };
}

/**
 * An existing flag gains the super condition and keeps its own targeting for people who have not answered.
 * Enrolment is a person property with a yes/no answer, so group-aggregated and multivariate flags cannot carry it.
 */
export function linkedFilters(flag: FeatureFlag): FiltersInput {
  if (flag.filters.aggregation_group_type_index != null) {
    throw new AppError(
      'INVALID_EARLY_ACCESS_FEATURE',
      `Flag "${flag.key}" targets groups; people opt into early access one by one, so link a person flag.`,
      'feature_flag_id',
    );
  }
  if ((flag.filters.multivariate?.variants.length ?? 0) > 0) {
    throw new AppError(
      'INVALID_EARLY_ACCESS_FEATURE',
      `Flag "${flag.key}" is multivariate; an opt-in turns a flag on or off, so link a boolean flag.`,
      'feature_flag_id',
    );
  }
  return withEnrollment(flag.filters, flag.key);
}

/**
 * General availability: everyone gets the feature. People who opted out keep their answer, because the super
 * condition still decides for anyone who has one.
 */
export function generallyAvailable(flag: FeatureFlag): FiltersInput {
  return withEnrollment({ ...flag.filters, groups: [{ properties: [], rollout_percentage: 100 }] }, flag.key);
}

/** PostHog derives a new flag's key from the feature's name. */
export function keyFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return slug === '' ? 'early-access-feature' : slug;
}
