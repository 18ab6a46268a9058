import type { HashKey } from './hash-key.ts';
import { bucketHash } from './rollout.ts';
import type { FlagVariant } from './types.ts';

/** A variant and the upper end of its cumulative slice `[previous max, max)`. */
export interface VariantSlice {
  readonly key: string;
  readonly max: number;
}

/** The slices, summed in definition order exactly as the flags service does, so the floats agree. */
export function variantSlices(variants: readonly FlagVariant[] | null | undefined): VariantSlice[] {
  let max = 0;
  return (variants ?? []).map((variant) => {
    max += variant.rollout_percentage / 100;
    return { key: variant.key, max };
  });
}

/**
 * The variant a bucketing value lands in. Null when the flag has no variants or the percentages sum to
 * less than 100 and the hash lands past them.
 */
export function hashedVariant(
  slices: readonly VariantSlice[],
  variantKey: HashKey,
  bucketingValue: string,
): string | null {
  if (slices.length === 0) return null;
  const hash = bucketHash(variantKey, bucketingValue);
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i]!;
    if (hash < slice.max) return slice.key;
  }
  return null;
}
