import { benjaminiHochbergAdjust, holmAdjust } from '../frequentist/multiple-comparisons.ts';
import { sampleRatioMismatch } from '../sample-ratio-mismatch.ts';
import { analyzeMetric } from './analyze-metric.ts';
import { correctFamily } from './correct-family.ts';
import type { ExperimentInput, VariantInput } from './experiment-input.ts';
import type { ExperimentResult, SrmSummary } from './experiment-result.ts';
import { recommend } from './recommend.ts';
import { sampleShortfalls } from './sample-gate.ts';
import { validateExperimentInput } from './validate-experiment-input.ts';

/**
 * Everything the results page shows, from per-variant aggregates: the SRM check, per-metric Bayesian and
 * frequentist summaries, and a recommendation with its reasons. Pure and synchronous; the statistics are
 * always computed (the page shows them while an experiment runs) even when a gate withholds the verdict.
 *
 * @example
 * analyzeExperiment({
 *   controlKey: 'control',
 *   variants: [{ key: 'control', exposures: 5000, split: 50 }, { key: 'test', exposures: 5012, split: 50 }],
 *   primaryMetric: { key: 'export', kind: 'conversion', variants: {
 *     control: { units: 5000, conversions: 500 }, test: { units: 5012, conversions: 580 } } },
 * }).recommendation; // 'ship_test'
 */
export function analyzeExperiment(input: ExperimentInput): ExperimentResult {
  const options = validateExperimentInput(input);
  const keys = input.variants.map((variant) => variant.key);
  const controlIndex = keys.indexOf(input.controlKey);
  const srm = srmSummary(input.variants, options.srmThreshold);
  const primaryDraft = analyzeMetric(input.primaryMetric, 'primary', keys, controlIndex, options);
  const [primary] = correctFamily([primaryDraft], holmAdjust, options.alpha);
  const secondaryDrafts = (input.secondaryMetrics ?? []).map((metric) =>
    analyzeMetric(metric, 'secondary', keys, controlIndex, options),
  );
  const secondary = correctFamily(secondaryDrafts, benjaminiHochbergAdjust, options.alpha);
  const shortfalls = sampleShortfalls(input, options);
  const decision = recommend({
    srm,
    shortfalls,
    primary: primary!,
    secondary,
    controlKey: input.controlKey,
    options,
  });
  return {
    ...decision,
    srm,
    sampleSizeReached: shortfalls.length === 0,
    primaryMetric: primary!,
    secondaryMetrics: secondary,
    options,
  };
}

function srmSummary(variants: readonly VariantInput[], threshold: number): SrmSummary {
  const exposures = variants.map((variant) => variant.exposures);
  const splits = variants.map((variant) => variant.split);
  const result = sampleRatioMismatch(exposures, splits, threshold);
  const total = exposures.reduce((a, b) => a + b, 0);
  const splitTotal = splits.reduce((a, b) => a + b, 0);
  return {
    chiSquare: result.chiSquare,
    degreesOfFreedom: result.degreesOfFreedom,
    pValue: result.pValue,
    alert: result.alert,
    variants: variants.map((variant, i) => ({
      key: variant.key,
      exposures: variant.exposures,
      expectedExposures: result.expected[i]!,
      expectedShare: variant.split / splitTotal,
      observedShare: total > 0 ? variant.exposures / total : null,
    })),
  };
}
