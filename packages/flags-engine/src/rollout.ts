import { flagHash } from './hash.ts';

/**
 * Whether a bucketing value falls inside a condition's rollout. A null rollout means 100%, and 100% skips
 * the digest exactly like the flags service does (`hash <= 1` always holds anyway).
 */
export function isInRollout(
  flagKey: string,
  bucketingValue: string,
  rolloutPercentage: number | null | undefined,
): boolean {
  if (rolloutPercentage == null || rolloutPercentage >= 100) return true;
  return flagHash(flagKey, bucketingValue) <= rolloutPercentage / 100;
}
