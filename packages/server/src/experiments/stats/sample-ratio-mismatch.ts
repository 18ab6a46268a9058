import { chiSquareSurvival } from './special/chi-square-distribution.ts';

/**
 * Sample ratio mismatch: Pearson's chi-square goodness-of-fit test of the observed exposures per variant
 * against the configured split. A real SRM means assignment or exposure logging is broken (bots, redirects,
 * caching, a variant that crashes before logging), and then no metric comparison can be trusted (Fabijan et al.
 * 2019, "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD; Kohavi, Tang & Xu 2020, ch. 21).
 *
 * The alert threshold is p < 0.001 rather than 0.05 because the check runs on every experiment, every time
 * results are viewed: a 5% threshold would cry wolf constantly, while genuine SRMs usually show p-values
 * orders of magnitude smaller.
 */
export const SRM_P_VALUE_THRESHOLD = 0.001;

export interface SrmResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  alert: boolean;
  /** Exposures each variant should have had under the configured split. */
  expected: number[];
}

/** `weights` are the configured split (any positive scale; normalised here). */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  threshold = SRM_P_VALUE_THRESHOLD,
): SrmResult {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const expected = weights.map((w) => (total * w) / weightSum);
  const degreesOfFreedom = observed.length - 1;
  if (total === 0) return { chiSquare: 0, degreesOfFreedom, pValue: 1, alert: false, expected };
  const chiSquare = observed.reduce((acc, o, i) => acc + (o - expected[i]!) ** 2 / expected[i]!, 0);
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, alert: pValue < threshold, expected };
}
