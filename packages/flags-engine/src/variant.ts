import { flagHash } from './hash.ts';
import type { FlagDefinition } from './types.ts';

/**
 * The variant a bucketing value lands in: cumulative `[min, min + pct/100)` slices in definition order.
 * Null when the flag has no variants or the percentages sum to less than 100 and the hash lands past them.
 */
export function hashedVariant(flag: FlagDefinition, bucketingValue: string): string | null {
  const variants = flag.filters.multivariate?.variants;
  if (!variants || variants.length === 0) return null;
  const hash = flagHash(flag.key, bucketingValue, 'variant');
  let max = 0;
  for (const variant of variants) {
    max += variant.rollout_percentage / 100;
    if (hash < max) return variant.key;
  }
  return null;
}

/** A condition's variant override counts only when it names an existing variant; otherwise hash. */
export function conditionVariant(
  flag: FlagDefinition,
  override: string | null | undefined,
  bucketingValue: string,
): string | null {
  if (override != null && flag.filters.multivariate?.variants?.some((v) => v.key === override)) {
    return override;
  }
  return hashedVariant(flag, bucketingValue);
}
