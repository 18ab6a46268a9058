import type { FlagFilters } from '@signpost/flags-engine';
import type { EnvironmentConfig, FeatureFlag } from './feature-flag.ts';

/** What differs per environment; everything else about a flag is shared by the project's environments. */
export type FlagSettings = Pick<FeatureFlag, 'active' | 'filters'>;

export const configKey = (flagId: number, environmentId: number) => `${flagId}:${environmentId}`;

/**
 * A flag's settings in an environment. The project's first environment keeps them in the flag itself; another
 * environment that never had its own follows those conditions, switched off, so adding an environment turns
 * nothing on there and needs no copy.
 */
export function settingsIn(
  flag: FeatureFlag,
  environmentId: number,
  configs: ReadonlyMap<string, EnvironmentConfig>,
): FlagSettings {
  if (environmentId === flag.projectId) return { active: flag.active, filters: flag.filters };
  const own = configs.get(configKey(flag.id, environmentId));
  return own ? { active: own.active, filters: own.filters } : { active: false, filters: flag.filters };
}

/** The flag as an environment sees it; the first environment's view is the stored flag itself (no copy). */
export function viewIn(
  flag: FeatureFlag,
  environmentId: number,
  configs: ReadonlyMap<string, EnvironmentConfig>,
): FeatureFlag {
  if (environmentId === flag.projectId) return flag;
  return { ...flag, ...settingsIn(flag, environmentId, configs), environmentId };
}

/** Variant keys are identity (code and analytics name them); the split between them is a setting. */
export function variantKeys(filters: FlagFilters): string {
  return JSON.stringify((filters.multivariate?.variants ?? []).map((v) => v.key));
}

/** Carries a new variant list into another environment's filters, keeping its split where keys survive. */
export function withVariantsOf(filters: FlagFilters, source: FlagFilters): FlagFilters {
  if (!source.multivariate) {
    const { multivariate: _dropped, ...rest } = filters;
    return rest;
  }
  const split = new Map((filters.multivariate?.variants ?? []).map((v) => [v.key, v.rollout_percentage]));
  const variants = source.multivariate.variants.map((v) => ({ ...v }));
  // The old split only carries over when it still sums to 100 over exactly the new keys.
  const kept = variants.every((v) => split.has(v.key));
  const total = variants.reduce((sum, v) => sum + (split.get(v.key) ?? 0), 0);
  if (kept && Math.abs(total - 100) < 1e-9)
    for (const v of variants) v.rollout_percentage = split.get(v.key) ?? v.rollout_percentage;
  return { ...filters, multivariate: { ...source.multivariate, variants } };
}
