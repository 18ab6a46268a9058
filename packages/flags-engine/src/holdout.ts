import { holdoutHash } from './hash.ts';
import type { FlagHoldout } from './types.ts';

export interface CompiledHoldout {
  readonly variant: string;
  readonly percentage: number;
}

/**
 * The percentage is clamped like the flags service does; a non-numeric one is ignored rather than holding
 * everybody out (null: no holdout).
 */
export function compileHoldout(holdout: FlagHoldout | null | undefined): CompiledHoldout | null {
  if (holdout == null || holdout.id == null || holdout.exclusion_percentage == null) return null;
  const raw = Number(holdout.exclusion_percentage);
  if (!Number.isFinite(raw)) return null;
  return { variant: `holdout-${holdout.id}`, percentage: Math.min(Math.max(raw, 0), 100) };
}

/** The `holdout-<id>` variant when this bucketing value is held out, else null. */
export function holdoutVariant(holdout: CompiledHoldout, bucketingValue: string): string | null {
  if (holdout.percentage < 100 && holdoutHash(bucketingValue) > holdout.percentage / 100) return null;
  return holdout.variant;
}
