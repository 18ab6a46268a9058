import type { AnalysisOptions } from './analysis-options.ts';
import { bayesianDecision } from './bayesian-decision.ts';
import { type Decision, verdict } from './decision.ts';
import type { MetricResult, Reason, SrmSummary } from './experiment-result.ts';
import { effect, pValue, reason } from './format-reason.ts';
import { frequentistDecision } from './frequentist-decision.ts';

export interface RecommendationInput {
  srm: SrmSummary;
  shortfalls: Reason[];
  primary: MetricResult;
  secondary: MetricResult[];
  controlKey: string;
  options: AnalysisOptions;
}

/**
 * Gates first, in order of severity: a sample ratio mismatch invalidates everything (no effect estimate can be
 * trusted when assignment is broken); then the minimum sample; only then the decision rule. A shipped
 * treatment's significant regressions on secondary metrics are attached as warnings, not vetoes: guardrails
 * are the product owner's call, and the reasons make them impossible to miss.
 */
export function recommend(input: RecommendationInput): Decision {
  const { srm, shortfalls, primary, controlKey, options } = input;
  if (srm.alert) {
    return verdict('srm_invalid', [
      reason(
        'SRM_DETECTED',
        `Exposures do not match the configured split (χ² = ${srm.chiSquare.toFixed(1)}, p = ${pValue(srm.pValue)} < ${options.srmThreshold}); check assignment and exposure logging before reading results.`,
      ),
    ]);
  }
  if (shortfalls.length > 0) return verdict('keep_running', shortfalls);
  const decision =
    options.decisionRule === 'bayesian'
      ? bayesianDecision(primary, controlKey, options)
      : frequentistDecision(primary, controlKey, options);
  const shipped = decision.shipVariant;
  if (shipped === null || shipped === controlKey) return decision;
  return {
    ...decision,
    reasons: [...decision.reasons, ...secondaryRegressions(input.secondary, shipped, options)],
  };
}

function secondaryRegressions(
  metrics: readonly MetricResult[],
  variantKey: string,
  options: AnalysisOptions,
) {
  const warnings: Reason[] = [];
  for (const metric of metrics) {
    const test = metric.variants.find((variant) => variant.key === variantKey)?.frequentist;
    if (!test?.significant) continue;
    const worse = (metric.higherIsBetter ? 1 : -1) * test.absoluteDifference.estimate < 0;
    if (!worse) continue;
    warnings.push(
      reason(
        'SECONDARY_REGRESSION',
        `${variantKey} is worse on ${metric.key}: ${effect(test.relativeDifference, test.absoluteDifference, 1 - options.alpha)}, BH-adjusted p = ${pValue(test.adjustedPValue)}.`,
        variantKey,
        metric.key,
      ),
    );
  }
  return warnings;
}
