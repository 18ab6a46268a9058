import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors/app-error.ts';
import { analyzeExperiment } from './analyze-experiment.ts';
import type { ExperimentInput, MeanAggregate, MetricInput } from './experiment-input.ts';

/** A 50/50 (or even k-way) experiment whose primary metric is a conversion with the given counts. */
function conversionExperiment(counts: Record<string, [units: number, conversions: number]>): ExperimentInput {
  const keys = Object.keys(counts);
  return {
    controlKey: keys[0]!,
    variants: keys.map((key) => ({ key, exposures: counts[key]![0], split: 1 })),
    primaryMetric: {
      key: 'export_csv',
      kind: 'conversion',
      variants: Object.fromEntries(
        keys.map((key) => [key, { units: counts[key]![0], conversions: counts[key]![1] }]),
      ),
    },
  };
}

/** Aggregates of n values with the given mean and standard deviation (as Σx and Σx² would report them). */
const meanAggregate = (units: number, mean: number, sd: number): MeanAggregate => ({
  units,
  sum: units * mean,
  sumOfSquares: (units - 1) * sd * sd + units * mean * mean,
});

describe('analyzeExperiment recommendations', () => {
  it('ships a treatment with a significant lift and explains why', () => {
    const result = analyzeExperiment(conversionExperiment({ control: [5000, 500], test: [5000, 580] }));
    expect(result.recommendation).toBe('ship_test');
    expect(result.shipVariant).toBe('test');
    expect(result.reasons[0]).toMatchObject({
      code: 'SIGNIFICANT_WINNER',
      variant: 'test',
      metric: 'export_csv',
    });
    const test = result.primaryMetric.variants[1]!;
    expect(test.value).toBeCloseTo(0.116, 12);
    expect(test.frequentist!.relativeDifference!.estimate).toBeCloseTo(0.16, 12);
    expect(test.bayesian!.probabilityToBeatControl).toBeGreaterThan(0.99);
    expect(result.primaryMetric.variants[0]!.frequentist).toBeNull();
  });

  it('keeps running below the minimum sample even when the difference looks large', () => {
    const result = analyzeExperiment(conversionExperiment({ control: [90, 5], test: [95, 30] }));
    expect(result.recommendation).toBe('keep_running');
    expect(result.sampleSizeReached).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual([
      'INSUFFICIENT_EXPOSURES',
      'INSUFFICIENT_EXPOSURES',
      'INSUFFICIENT_CONVERSIONS',
    ]);
    // The statistics are still reported while the verdict is withheld.
    expect(result.primaryMetric.variants[1]!.frequentist!.pValue).toBeLessThan(0.001);
  });

  it('declares the results invalid on a sample ratio mismatch, whatever the metric says', () => {
    const input = conversionExperiment({ control: [5000, 500], test: [5400, 640] });
    const result = analyzeExperiment(input);
    expect(result.srm.alert).toBe(true);
    expect(result.srm.pValue).toBeLessThan(0.001);
    expect(result.recommendation).toBe('srm_invalid');
    expect(result.shipVariant).toBeNull();
    expect(result.srm.variants[1]).toMatchObject({ expectedExposures: 5200, expectedShare: 0.5 });
  });

  it('ships the control when every treatment is significantly worse', () => {
    const result = analyzeExperiment(
      conversionExperiment({ control: [6000, 720], b: [6000, 560], c: [6000, 590] }),
    );
    expect(result.recommendation).toBe('ship_control');
    expect(result.reasons.every((r) => r.code === 'CONTROL_WINS')).toBe(true);
  });

  it('reports no difference once every relative interval sits inside the ±5% margin', () => {
    const result = analyzeExperiment(
      conversionExperiment({ control: [400_000, 40_000], test: [400_000, 40_100] }),
    );
    expect(result.recommendation).toBe('no_difference');
    expect(result.reasons[0]!.code).toBe('EQUIVALENT');
    const small = analyzeExperiment(conversionExperiment({ control: [4000, 400], test: [4000, 401] }));
    expect(small.recommendation).toBe('keep_running');
    const planned = analyzeExperiment({
      ...conversionExperiment({ control: [4000, 400], test: [4000, 401] }),
      options: { targetExposuresPerVariant: 4000 },
    });
    expect(planned.recommendation).toBe('no_difference');
    expect(planned.reasons[0]!.code).toBe('TARGET_REACHED');
  });

  it('corrects for several treatments: p ≈ 0.043 ships alone, but not as one of three arms (Holm)', () => {
    // test: 10% → 11.4% on 4,000 each gives z ≈ 2.03, raw p ≈ 0.043; the two other arms are flat.
    const two = analyzeExperiment(conversionExperiment({ control: [4000, 400], test: [4000, 456] }));
    const raw = two.primaryMetric.variants[1]!.frequentist!.pValue;
    expect(raw).toBeLessThan(0.05);
    expect(two.recommendation).toBe('ship_test');
    const four = analyzeExperiment(
      conversionExperiment({ control: [4000, 400], test: [4000, 456], b: [4000, 402], c: [4000, 398] }),
    );
    const test = four.primaryMetric.variants[1]!.frequentist!;
    expect(test.pValue).toBeCloseTo(raw, 12);
    expect(test.adjustedPValue).toBeCloseTo(3 * raw, 12);
    expect(four.recommendation).toBe('keep_running');
  });

  it('handles lower-is-better mean metrics and flags secondary regressions of the shipped variant', () => {
    const input: ExperimentInput = {
      controlKey: 'control',
      variants: [
        { key: 'control', exposures: 2000, split: 50 },
        { key: 'fast', exposures: 2000, split: 50 },
      ],
      primaryMetric: {
        key: 'seconds_to_export',
        kind: 'mean',
        higherIsBetter: false,
        variants: { control: meanAggregate(2000, 30, 12), fast: meanAggregate(2000, 28.5, 12) },
      },
      secondaryMetrics: [
        {
          key: 'timer_started',
          kind: 'mean',
          variants: { control: meanAggregate(2000, 3, 2), fast: meanAggregate(2000, 2.7, 2) },
        },
        {
          key: 'churn',
          kind: 'conversion',
          variants: { control: { units: 2000, conversions: 100 }, fast: { units: 2000, conversions: 104 } },
        },
      ],
    };
    const result = analyzeExperiment(input);
    expect(result.recommendation).toBe('ship_fast');
    const fast = result.primaryMetric.variants[1]!;
    expect(fast.frequentist!.test).toBe('welch_t');
    expect(fast.bayesian!.probabilityToBeBest).toBeGreaterThan(0.99);
    expect(result.secondaryMetrics.map((m) => m.correction)).toEqual([
      'benjamini_hochberg',
      'benjamini_hochberg',
    ]);
    const regression = result.reasons.find((r) => r.code === 'SECONDARY_REGRESSION');
    expect(regression).toMatchObject({ variant: 'fast', metric: 'timer_started' });
    expect(result.reasons.some((r) => r.metric === 'churn' && r.code === 'SECONDARY_REGRESSION')).toBe(false);
  });

  it('applies the Bayesian rule when asked: ship on P(best) and low loss, no difference on negligible loss', () => {
    const base = conversionExperiment({ control: [5000, 500], test: [5000, 580] });
    const shipped = analyzeExperiment({ ...base, options: { decisionRule: 'bayesian' } });
    expect(shipped.recommendation).toBe('ship_test');
    expect(shipped.reasons[0]!.code).toBe('PROBABLY_BEST');
    // A coin-flip choice loses ≈ 0.4 × sd(difference): ≈ 8.5e-5 at 4M per arm, below the threshold
    // 0.25% × 10% = 2.5e-4 (at 400k per arm it would still be ≈ 2.7e-4, above it).
    const flat = analyzeExperiment({
      ...conversionExperiment({ control: [4_000_000, 400_000], test: [4_000_000, 400_100] }),
      options: { decisionRule: 'bayesian' },
    });
    expect(flat.recommendation).toBe('no_difference');
    expect(flat.reasons[0]!.code).toBe('LOW_EXPECTED_LOSS');
  });
});

describe('analyzeExperiment edge cases', () => {
  it('handles an experiment that has not started: no NaN, nothing undefined, JSON round-trips', () => {
    const result = analyzeExperiment({
      ...conversionExperiment({ control: [0, 0], test: [0, 0] }),
      secondaryMetrics: [
        {
          key: 'revenue',
          kind: 'mean',
          variants: { control: meanAggregate(0, 0, 0), test: meanAggregate(0, 0, 0) },
        },
      ],
    });
    expect(result.recommendation).toBe('keep_running');
    expect(result.srm).toMatchObject({ pValue: 1, alert: false });
    expect(result.srm.variants[0]!.observedShare).toBeNull();
    // A conversion posterior exists from the prior alone; the Normal model needs data.
    expect(result.primaryMetric.variants[0]!.bayesian!.posteriorMean).toBe(0.5);
    expect(result.primaryMetric.variants[1]!.frequentist).toBeNull();
    expect(result.secondaryMetrics[0]!.variants[0]!.bayesian).toBeNull();
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('reports a full result that survives JSON unchanged', () => {
    const result = analyzeExperiment(
      conversionExperiment({ control: [3000, 300], b: [3000, 330], c: [3000, 280] }),
    );
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const bestSum = result.primaryMetric.variants.reduce((a, v) => a + v.bayesian!.probabilityToBeBest, 0);
    expect(bestSum).toBeCloseTo(1, 8);
  });

  it('rejects impossible aggregates with a typed error pointing at the field', () => {
    const expectInvalid = (input: ExperimentInput, attr: string) => {
      try {
        analyzeExperiment(input);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('INVALID_BODY');
        expect((error as AppError).attr).toBe(attr);
      }
    };
    expectInvalid(
      conversionExperiment({ control: [100, 101], test: [100, 5] }),
      'primaryMetric.variants.control.conversions',
    );
    expectInvalid(
      { ...conversionExperiment({ control: [100, 1], test: [100, 5] }), controlKey: 'nope' },
      'controlKey',
    );
    expectInvalid(conversionExperiment({ control: [100, 1] }), 'variants');
    const badMean: MetricInput = {
      key: 'revenue',
      kind: 'mean',
      variants: { control: { units: 10, sum: 100, sumOfSquares: 50 }, test: meanAggregate(10, 1, 1) },
    };
    expectInvalid(
      { ...conversionExperiment({ control: [10, 1], test: [10, 1] }), primaryMetric: badMean },
      'primaryMetric.variants.control',
    );
    expectInvalid(
      { ...conversionExperiment({ control: [10, 1], test: [10, 1] }), options: { alpha: 1.5 } },
      'options.alpha',
    );
  });
});
