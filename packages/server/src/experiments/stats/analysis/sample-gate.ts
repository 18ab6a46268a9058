import type { AnalysisOptions } from './analysis-options.ts';
import type { ExperimentInput } from './experiment-input.ts';
import type { Reason } from './experiment-result.ts';
import { reason } from './format-reason.ts';

/**
 * The minimum sample before any verdict. Below it the normal approximations behind the z- and t-tests are
 * poor and early noise is most often mistaken for an effect (Kohavi, Tang & Xu 2020, "Trustworthy Online
 * Controlled Experiments", ch. 17), so the answer is "keep running" whatever the p-values say.
 */
export function sampleShortfalls(input: ExperimentInput, options: AnalysisOptions): Reason[] {
  const reasons: Reason[] = [];
  for (const variant of input.variants) {
    if (variant.exposures < options.minExposuresPerVariant) {
      reasons.push(
        reason(
          'INSUFFICIENT_EXPOSURES',
          `${variant.key} has ${variant.exposures} exposures; at least ${options.minExposuresPerVariant} are needed.`,
          variant.key,
        ),
      );
    }
  }
  const primary = input.primaryMetric;
  if (primary.kind !== 'conversion') return reasons;
  for (const variant of input.variants) {
    const conversions = primary.variants[variant.key]!.conversions;
    if (conversions < options.minConversionsPerVariant) {
      reasons.push(
        reason(
          'INSUFFICIENT_CONVERSIONS',
          `${variant.key} has ${conversions} conversions on ${primary.key}; at least ${options.minConversionsPerVariant} are needed.`,
          variant.key,
          primary.key,
        ),
      );
    }
  }
  return reasons;
}
