import type { ZTestResult } from '../frequentist/two-proportion-z-test.ts';
import type { WelchResult } from '../frequentist/welch-t-test.ts';
import type { MetricDraft } from './analyze-metric.ts';
import type { FrequentistComparison, MetricResult } from './experiment-result.ts';

type Adjust = (pValues: readonly (number | null)[]) => (number | null)[];

/**
 * Adjusts every treatment-vs-control p-value of the given metrics as one family (Holm for the primary metric,
 * Benjamini–Hochberg across all secondary metrics; see multiple-comparisons.ts for why) and marks as
 * significant those whose adjusted p-value is below α.
 */
export function correctFamily(drafts: readonly MetricDraft[], adjust: Adjust, alpha: number): MetricResult[] {
  const adjusted = adjust(drafts.flatMap((draft) => draft.variants.map(({ test }) => test?.pValue ?? null)));
  let cursor = 0;
  return drafts.map((draft) => ({
    ...draft.metric,
    variants: draft.variants.map(({ base, test }) => {
      const adjustedPValue = adjusted[cursor++] ?? null;
      const frequentist = test && adjustedPValue !== null ? comparison(test, adjustedPValue, alpha) : null;
      return { ...base, frequentist };
    }),
  }));
}

function comparison(
  test: ZTestResult | WelchResult,
  adjustedPValue: number,
  alpha: number,
): FrequentistComparison {
  return {
    test: test.test,
    statistic: test.statistic,
    degreesOfFreedom: test.test === 'welch_t' ? test.degreesOfFreedom : null,
    pValue: test.pValue,
    adjustedPValue,
    significant: adjustedPValue < alpha,
    absoluteDifference: test.absolute,
    relativeDifference: test.relative,
  };
}
