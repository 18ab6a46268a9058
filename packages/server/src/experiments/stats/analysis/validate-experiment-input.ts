import { AppError } from '../../../errors/app-error.ts';
import { type AnalysisOptions, DEFAULT_ANALYSIS_OPTIONS } from './analysis-options.ts';
import type { ExperimentInput, MetricInput } from './experiment-input.ts';

/**
 * Rejects aggregates that cannot come from real data (negative counts, more conversions than units, Σx² too
 * small for Σx) before any statistic is computed, so a broken query surfaces as a clear error instead of a
 * NaN somewhere in a results page. Errors carry the path of the offending field in `attr`.
 */
const invalid = (detail: string, attr: string) => new AppError('INVALID_BODY', detail, attr);

const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isFiniteNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const inOpenUnit = (value: number) => value > 0 && value < 1;

export function validateExperimentInput(input: ExperimentInput): AnalysisOptions {
  const keys = input.variants.map((variant) => variant.key);
  if (keys.length < 2) throw invalid('An experiment needs at least two variants.', 'variants');
  if (new Set(keys).size !== keys.length) throw invalid('Variant keys must be unique.', 'variants');
  if (!keys.includes(input.controlKey)) {
    throw invalid(`The control "${input.controlKey}" is not one of the variants.`, 'controlKey');
  }
  input.variants.forEach((variant, i) => {
    if (!isCount(variant.exposures))
      throw invalid('Exposures must be a non-negative integer.', `variants[${i}].exposures`);
    if (!(isFiniteNumber(variant.split) && variant.split > 0)) {
      throw invalid('The configured split must be a positive number.', `variants[${i}].split`);
    }
  });
  validateMetric(input.primaryMetric, keys, 'primaryMetric');
  const secondary = input.secondaryMetrics ?? [];
  secondary.forEach((metric, i) => {
    validateMetric(metric, keys, `secondaryMetrics[${i}]`);
  });
  const metricKeys = [input.primaryMetric.key, ...secondary.map((metric) => metric.key)];
  if (new Set(metricKeys).size !== metricKeys.length)
    throw invalid('Metric keys must be unique.', 'secondaryMetrics');
  return resolveOptions(input.options);
}

function validateMetric(metric: MetricInput, keys: readonly string[], path: string): void {
  for (const key of keys) {
    const attr = `${path}.variants.${key}`;
    const data = metric.variants[key];
    if (!data) throw invalid(`Metric "${metric.key}" has no data for variant "${key}".`, attr);
    if (!isCount(data.units)) throw invalid('Units must be a non-negative integer.', `${attr}.units`);
    if (metric.kind === 'conversion') {
      const { conversions, units } = metric.variants[key]!;
      if (!isCount(conversions) || conversions > units) {
        throw invalid(
          'Conversions must be an integer between 0 and the number of units.',
          `${attr}.conversions`,
        );
      }
      continue;
    }
    const { sum, sumOfSquares, units } = metric.variants[key]!;
    if (!isFiniteNumber(sum) || !isFiniteNumber(sumOfSquares) || sumOfSquares < 0) {
      throw invalid('Sum and sum of squares must be finite, the latter non-negative.', attr);
    }
    // Cauchy–Schwarz: Σx² ≥ (Σx)²/n; allow for the rounding of a double-precision SQL aggregate.
    if (units > 0 && sumOfSquares < ((sum * sum) / units) * (1 - 1e-9)) {
      throw invalid('The sum of squares is smaller than (sum)²/units, which no data can produce.', attr);
    }
    if (units === 0 && (sum !== 0 || sumOfSquares !== 0))
      throw invalid('No units, yet a non-zero sum.', attr);
  }
}

function resolveOptions(overrides: Partial<AnalysisOptions> | undefined): AnalysisOptions {
  const options = { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides };
  const checks: [keyof AnalysisOptions, boolean][] = [
    ['alpha', inOpenUnit(options.alpha)],
    ['credibleLevel', inOpenUnit(options.credibleLevel)],
    ['srmThreshold', inOpenUnit(options.srmThreshold)],
    ['minExposuresPerVariant', isCount(options.minExposuresPerVariant)],
    ['minConversionsPerVariant', isCount(options.minConversionsPerVariant)],
    ['decisionRule', options.decisionRule === 'frequentist' || options.decisionRule === 'bayesian'],
    ['equivalenceMargin', isFiniteNumber(options.equivalenceMargin) && options.equivalenceMargin >= 0],
    [
      'targetExposuresPerVariant',
      options.targetExposuresPerVariant === null || isCount(options.targetExposuresPerVariant),
    ],
    ['probabilityToBeBestThreshold', inOpenUnit(options.probabilityToBeBestThreshold)],
    [
      'expectedLossThreshold',
      isFiniteNumber(options.expectedLossThreshold) && options.expectedLossThreshold >= 0,
    ],
    ['betaPrior', validBetaPrior(options.betaPrior)],
    ['normalPrior', validNormalPrior(options.normalPrior)],
  ];
  for (const [name, ok] of checks)
    if (!ok) throw invalid(`The option "${name}" is out of range.`, `options.${name}`);
  return options;
}

function validBetaPrior(prior: AnalysisOptions['betaPrior'] | undefined): boolean {
  return typeof prior === 'object' && prior !== null && prior.alpha > 0 && prior.beta > 0;
}

/** Either the reference prior or a proper Normal-Gamma prior. */
function validNormalPrior(prior: AnalysisOptions['normalPrior'] | undefined): boolean {
  if (typeof prior !== 'object' || prior === null) return false;
  if (![prior.mean, prior.kappa, prior.alpha, prior.beta].every(isFiniteNumber)) return false;
  const reference = prior.kappa === 0 && prior.alpha === -0.5 && prior.beta === 0;
  return reference || (prior.kappa > 0 && prior.alpha > 0 && prior.beta > 0);
}
