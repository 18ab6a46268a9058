import type { AnalysisOptions } from './analysis-options.ts';
import { type Decision, ship, verdict } from './decision.ts';
import type { MetricResult } from './experiment-result.ts';
import { probability, reason } from './format-reason.ts';

/**
 * The opt-in Bayesian rule, after Stucchio's "threshold of caring" (VWO whitepaper "Bayesian A/B Testing at
 * VWO", 2015): ship the variant most likely to be best once that probability reaches the threshold *and* the
 * expected loss of shipping it is below what is worth caring about; declare no difference once shipping any
 * variant would cost less than that. The loss threshold is relative to the control's posterior mean so one
 * setting serves rates and revenues alike.
 *
 * This rule does not bound the false-positive rate the way the frequentist rule does; it bounds the expected
 * cost of a wrong choice instead. The A/A simulation reports how often it ships.
 */
export function bayesianDecision(
  primary: MetricResult,
  controlKey: string,
  options: AnalysisOptions,
): Decision {
  const summaries = primary.variants.map((variant) => variant.bayesian);
  if (summaries.some((summary) => summary === null)) {
    return verdict('keep_running', [
      reason(
        'NOT_COMPUTABLE',
        `No proper posterior for every variant on ${primary.key} yet.`,
        null,
        primary.key,
      ),
    ]);
  }
  const control = primary.variants.find((variant) => variant.key === controlKey)!;
  const scale = Math.abs(control.bayesian!.posteriorMean) || 1;
  const threshold = options.expectedLossThreshold * scale;
  const best = primary.variants.reduce((a, b) =>
    b.bayesian!.probabilityToBeBest > a.bayesian!.probabilityToBeBest ? b : a,
  );
  const { probabilityToBeBest, expectedLoss } = best.bayesian!;
  const detail = `${best.key} is best on ${primary.key} with probability ${probability(probabilityToBeBest)}; expected loss ${expectedLoss.toPrecision(3)} (threshold ${threshold.toPrecision(3)}).`;
  if (probabilityToBeBest >= options.probabilityToBeBestThreshold && expectedLoss <= threshold) {
    return ship(best.key, [reason('PROBABLY_BEST', detail, best.key, primary.key)]);
  }
  if (primary.variants.every((variant) => variant.bayesian!.expectedLoss <= threshold)) {
    return verdict('no_difference', [
      reason(
        'LOW_EXPECTED_LOSS',
        `Shipping any variant would lose less than ${threshold.toPrecision(3)} on ${primary.key}.`,
        null,
        primary.key,
      ),
    ]);
  }
  return verdict('keep_running', [reason('INCONCLUSIVE', detail, best.key, primary.key)]);
}
