import { credibleInterval, negatePosterior } from '../bayesian/posterior.ts';
import { racePosteriors } from '../bayesian/posterior-race.ts';
import { twoProportionZTest, type ZTestResult } from '../frequentist/two-proportion-z-test.ts';
import { type WelchResult, welchTTest } from '../frequentist/welch-t-test.ts';
import type { AnalysisOptions } from './analysis-options.ts';
import type { MetricInput } from './experiment-input.ts';
import type { BayesianSummary, MetricResult, VariantMetricResult } from './experiment-result.ts';
import { meanSample, metricPosteriors } from './metric-posteriors.ts';

/**
 * A metric's results before multiple-comparison correction: the correction spans every secondary metric, so
 * raw tests are collected first and adjusted together (see correct-family.ts).
 */
export interface MetricDraft {
  metric: Omit<MetricResult, 'variants'>;
  variants: { base: Omit<VariantMetricResult, 'frequentist'>; test: ZTestResult | WelchResult | null }[];
}

export function analyzeMetric(
  metric: MetricInput,
  role: 'primary' | 'secondary',
  keys: readonly string[],
  controlIndex: number,
  options: AnalysisOptions,
): MetricDraft {
  const higherIsBetter = metric.higherIsBetter ?? true;
  const bayesian = bayesianSummaries(metric, keys, controlIndex, higherIsBetter, options);
  const controlKey = keys[controlIndex]!;
  return {
    metric: {
      key: metric.key,
      kind: metric.kind,
      role,
      higherIsBetter,
      correction: role === 'primary' ? 'holm' : 'benjamini_hochberg',
    },
    variants: keys.map((key, i) => ({
      base: {
        key,
        units: metric.variants[key]!.units,
        value: pointValue(metric, key),
        bayesian: bayesian?.[i] ?? null,
      },
      test: i === controlIndex ? null : compare(metric, controlKey, key, options.alpha),
    })),
  };
}

function pointValue(metric: MetricInput, key: string): number | null {
  if (metric.kind === 'conversion') {
    const { units, conversions } = metric.variants[key]!;
    return units > 0 ? conversions / units : null;
  }
  const { units, sum } = metric.variants[key]!;
  return units > 0 ? sum / units : null;
}

function compare(metric: MetricInput, controlKey: string, key: string, alpha: number) {
  if (metric.kind === 'conversion') {
    return twoProportionZTest(metric.variants[controlKey]!, metric.variants[key]!, alpha);
  }
  return welchTTest(meanSample(metric.variants[controlKey]!), meanSample(metric.variants[key]!), alpha);
}

function bayesianSummaries(
  metric: MetricInput,
  keys: readonly string[],
  controlIndex: number,
  higherIsBetter: boolean,
  options: AnalysisOptions,
): BayesianSummary[] | null {
  const posteriors = metricPosteriors(metric, keys, options);
  if (posteriors === null) return null;
  // "Best" means largest for higher-is-better metrics and smallest otherwise: race −θ in the latter case.
  const race = racePosteriors(higherIsBetter ? posteriors : posteriors.map(negatePosterior), controlIndex);
  return posteriors.map((posterior, i) => ({
    posteriorMean: posterior.mean,
    credibleInterval: credibleInterval(posterior, options.credibleLevel),
    probabilityToBeBest: race.probabilityToBeBest[i]!,
    probabilityToBeatControl: race.probabilityToBeatControl[i]!,
    expectedLoss: race.expectedLoss[i]!,
  }));
}
