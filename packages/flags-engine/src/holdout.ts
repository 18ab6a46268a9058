import { holdoutHash } from './hash.ts';
import type { FlagHoldout } from './types.ts';

/**
 * The `holdout-<id>` variant when this bucketing value is held out, else null. The percentage is clamped
 * like the flags service does; a non-numeric one is ignored rather than holding everybody out.
 */
export function holdoutVariant(
  holdout: FlagHoldout | null | undefined,
  bucketingValue: string,
): string | null {
  if (holdout == null || holdout.id == null || holdout.exclusion_percentage == null) return null;
  const raw = Number(holdout.exclusion_percentage);
  if (!Number.isFinite(raw)) return null;
  const percentage = Math.min(Math.max(raw, 0), 100);
  if (percentage < 100 && holdoutHash(bucketingValue) > percentage / 100) return null;
  return `holdout-${holdout.id}`;
}
