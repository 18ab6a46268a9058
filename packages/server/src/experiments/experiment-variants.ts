import { AppError } from '../errors/app-error.ts';
import type { ExperimentVariant } from './experiment.ts';

/** The analysis compares every variant with "control", as PostHog's does, so one must exist. */
export function checkVariants(variants: ExperimentVariant[]): ExperimentVariant[] {
  const keys = new Set(variants.map((v) => v.key));
  const attr = 'parameters.feature_flag_variants';
  if (keys.size !== variants.length)
    throw new AppError('INVALID_EXPERIMENT', 'Variant keys must be unique.', attr);
  if (!keys.has('control'))
    throw new AppError('INVALID_EXPERIMENT', 'One variant must be called "control".', attr);
  if (variants.some((v) => v.rollout_percentage <= 0))
    throw new AppError('INVALID_EXPERIMENT', 'Every variant needs a share of traffic above 0%.', attr);
  const sum = variants.reduce((total, v) => total + v.rollout_percentage, 0);
  if (Math.abs(sum - 100) > 1e-9)
    throw new AppError(
      'INVALID_EXPERIMENT',
      `Variant splits must add up to 100 (they add up to ${sum}).`,
      attr,
    );
  return variants.map((v) => ({ key: v.key, rollout_percentage: v.rollout_percentage }));
}
