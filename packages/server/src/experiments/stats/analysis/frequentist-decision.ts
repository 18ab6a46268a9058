import type { AnalysisOptions } from './analysis-options.ts';
import { type Decision, ship, verdict } from './decision.ts';
import type { MetricResult, VariantMetricResult } from './experiment-result.ts';
import { effect, pValue, reason } from './format-reason.ts';

/**
 * The default ship rule: a treatment ships when its Holm-adjusted p-value on the primary metric is below α and
 * the effect goes the right way. Holm keeps P(shipping any arm that is really no better) ≤ α however many
 * arms there are, which the A/A simulation checks. Among several winners the one most likely to be best is
 * taken (the Bayesian probability, falling back to the largest effect).
 *
 * "no_difference" needs positive evidence of no meaningful effect — every treatment's interval for the
 * relative change inside ±equivalenceMargin (interval inclusion, i.e. two one-sided tests; Schuirmann 1987) —
 * or the planned sample reached without a significant result. Otherwise the experiment keeps running.
 */
export function frequentistDecision(
  primary: MetricResult,
  controlKey: string,
  options: AnalysisOptions,
): Decision {
  const treatments = primary.variants.filter((variant) => variant.key !== controlKey);
  const untestable = treatments.filter((variant) => variant.frequentist === null);
  if (untestable.length > 0) {
    return verdict(
      'keep_running',
      untestable.map((variant) =>
        reason(
          'NOT_COMPUTABLE',
          `${variant.key} cannot be tested yet (no variation in the data).`,
          variant.key,
          primary.key,
        ),
      ),
    );
  }
  const direction = primary.higherIsBetter ? 1 : -1;
  const improves = (variant: VariantMetricResult) =>
    direction * variant.frequentist!.absoluteDifference.estimate > 0;
  const describe = (variant: VariantMetricResult) => {
    const test = variant.frequentist!;
    return `${variant.key} vs ${controlKey} on ${primary.key}: ${effect(test.relativeDifference, test.absoluteDifference, 1 - options.alpha)}, Holm-adjusted p = ${pValue(test.adjustedPValue)}.`;
  };

  const winners = treatments.filter((variant) => variant.frequentist!.significant && improves(variant));
  if (winners.length > 0) {
    const score = (variant: VariantMetricResult) =>
      variant.bayesian?.probabilityToBeBest ?? direction * variant.frequentist!.absoluteDifference.estimate;
    const best = winners.reduce((a, b) => (score(b) > score(a) ? b : a));
    return ship(best.key, [reason('SIGNIFICANT_WINNER', describe(best), best.key, primary.key)]);
  }
  if (treatments.every((variant) => variant.frequentist!.significant && !improves(variant))) {
    return ship(
      controlKey,
      treatments.map((variant) => reason('CONTROL_WINS', describe(variant), variant.key, primary.key)),
    );
  }
  const margin = options.equivalenceMargin;
  const equivalent = treatments.every((variant) => {
    const relative = variant.frequentist!.relativeDifference;
    return relative !== null && relative.lower > -margin && relative.upper < margin;
  });
  if (equivalent) {
    return verdict('no_difference', [
      reason(
        'EQUIVALENT',
        `Every variant's ${Math.round((1 - options.alpha) * 100)}% interval for the relative change on ${primary.key} lies within ±${margin * 100}%.`,
        null,
        primary.key,
      ),
    ]);
  }
  const target = options.targetExposuresPerVariant;
  if (target !== null && primary.variants.every((variant) => variant.units >= target)) {
    return verdict('no_difference', [
      reason(
        'TARGET_REACHED',
        `The planned ${target} units per variant were reached without a significant effect.`,
      ),
    ]);
  }
  return verdict(
    'keep_running',
    treatments.map((variant) => reason('INCONCLUSIVE', describe(variant), variant.key, primary.key)),
  );
}
