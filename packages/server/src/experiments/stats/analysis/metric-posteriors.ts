import { betaBinomialPosterior } from '../bayesian/beta-binomial-posterior.ts';
import { locationScaleTPosterior, normalGammaMarginal } from '../bayesian/normal-gamma-posterior.ts';
import type { Posterior } from '../bayesian/posterior.ts';
import type { MeanSample } from '../frequentist/welch-t-test.ts';
import type { AnalysisOptions } from './analysis-options.ts';
import type { MeanAggregate, MetricInput } from './experiment-input.ts';

/**
 * Mean and unbiased variance from Σx, Σx² and n. The textbook one-pass formula cancels badly when the mean is
 * large next to the spread, so the aggregates should be of roughly centred values; clamping at zero keeps a
 * rounding residue from turning into a negative variance.
 */
export function meanSample({ units, sum, sumOfSquares }: MeanAggregate): MeanSample & { ssd: number } {
  const mean = units > 0 ? sum / units : 0;
  const ssd = units > 0 ? Math.max(0, sumOfSquares - (sum * sum) / units) : 0;
  return { n: units, mean, variance: units > 1 ? ssd / (units - 1) : 0, ssd };
}

/**
 * One posterior per variant (in `keys` order), or null when the Normal model has no proper posterior with a
 * finite variance for some arm (the race needs every arm, and its breakpoints need a standard deviation).
 */
export function metricPosteriors(
  metric: MetricInput,
  keys: readonly string[],
  options: AnalysisOptions,
): Posterior[] | null {
  if (metric.kind === 'conversion') {
    return keys.map((key) => {
      const { units, conversions } = metric.variants[key]!;
      return betaBinomialPosterior(units, conversions, options.betaPrior);
    });
  }
  const posteriors: Posterior[] = [];
  for (const key of keys) {
    const sample = meanSample(metric.variants[key]!);
    const marginal = normalGammaMarginal(
      { n: sample.n, mean: sample.mean, sumSquaredDeviations: sample.ssd },
      options.normalPrior,
    );
    if (marginal === null || marginal.df <= 2) return null;
    posteriors.push(locationScaleTPosterior(marginal));
  }
  return posteriors;
}
