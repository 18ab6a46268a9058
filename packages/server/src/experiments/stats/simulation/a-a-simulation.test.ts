import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../analysis/analyze-experiment.ts';
import { bayesianDecision } from '../analysis/bayesian-decision.ts';
import { holmAdjust } from '../frequentist/multiple-comparisons.ts';
import { twoProportionZTest } from '../frequentist/two-proportion-z-test.ts';
import { welchTTest } from '../frequentist/welch-t-test.ts';
import { integrateVector } from '../numeric/gauss-legendre.ts';
import { binomial, exponential } from '../random/random-variates.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { normalCdf, normalPdf, normalQuantile } from '../special/normal-distribution.ts';
import { binomialAcceptance } from './binomial-acceptance.ts';

/**
 * A/A simulations: every arm has the same true rate, so every "significant" result is a false positive, and
 * their share must match the nominal α. Each count is checked against the central 99.9% range of its binomial
 * law (binomial-acceptance.ts), so a correct implementation fails one seed in a thousand and a test with the
 * wrong rate — say 7% instead of 5% — fails for almost every seed.
 */
const RUNS = 2000;
const DELTA = 0.001;
const ALPHA = 0.05;

const expectRate = (count: number, runs: number, rate: number, label: string) => {
  const { lower, upper } = binomialAcceptance(runs, rate, DELTA);
  console.info(
    `${label}: ${count}/${runs} = ${((100 * count) / runs).toFixed(2)}% (expected ${(100 * rate).toFixed(2)}%, accepted ${lower}–${upper})`,
  );
  expect(count).toBeGreaterThanOrEqual(lower);
  expect(count).toBeLessThanOrEqual(upper);
};

describe('A/A simulations', () => {
  it('two arms, 10% conversion, 10,000 exposures: analyzeExperiment ships in ≈ 5% of runs', () => {
    const random = seededRandom(1001);
    let shipped = 0;
    let beatControl95 = 0;
    let bayesianShipped = 0;
    for (let run = 0; run < RUNS; run++) {
      const exposures = binomial(random, 10_000, 0.5);
      const [nC, nT] = [exposures, 10_000 - exposures];
      const result = analyzeExperiment({
        controlKey: 'control',
        variants: [
          { key: 'control', exposures: nC, split: 50 },
          { key: 'test', exposures: nT, split: 50 },
        ],
        primaryMetric: {
          key: 'signup',
          kind: 'conversion',
          variants: {
            control: { units: nC, conversions: binomial(random, nC, 0.1) },
            test: { units: nT, conversions: binomial(random, nT, 0.1) },
          },
        },
      });
      if (result.shipVariant !== null) shipped++;
      if (result.primaryMetric.variants[1]!.bayesian!.probabilityToBeatControl! > 0.95) beatControl95++;
      if (bayesianDecision(result.primaryMetric, 'control', result.options).shipVariant === 'test')
        bayesianShipped++;
    }
    expectRate(shipped, RUNS, ALPHA, 'A/A conversion, frequentist ship rate');
    // With a flat prior and this much data P(B > A) ≈ Φ(z), which exceeds 0.95 in 5% of A/A runs.
    expectRate(beatControl95, RUNS, 0.05, 'A/A conversion, P(beat control) > 95%');
    // The Bayesian rule bounds expected loss, not false positives; its P(best) ≥ 95% gate alone would ship the
    // treatment in ≈ 5% of A/A runs, and the loss gate can only lower that.
    console.info(`A/A conversion, Bayesian rule ships the treatment: ${bayesianShipped}/${RUNS}`);
    expect(bayesianShipped).toBeLessThanOrEqual(binomialAcceptance(RUNS, 0.05, DELTA).upper);
  });

  it('four arms (control + 3 treatments): Holm keeps the family-wise rate ≤ 5%, uncorrected tests do not', () => {
    const random = seededRandom(2002);
    const n = 3000;
    let anyRaw = 0;
    let anyHolm = 0;
    let individual = 0;
    for (let run = 0; run < RUNS; run++) {
      const control = { units: n, conversions: binomial(random, n, 0.1) };
      const pValues = [0, 1, 2].map(
        () => twoProportionZTest(control, { units: n, conversions: binomial(random, n, 0.1) }, ALPHA)!.pValue,
      );
      individual += pValues.filter((p) => p < ALPHA).length;
      if (pValues.some((p) => p < ALPHA)) anyRaw++;
      if (holmAdjust(pValues).some((p) => p! < ALPHA)) anyHolm++;
    }
    // Three comparisons share the control, so Zᵢ = (Xᵢ − X₀)/√2 are correlated (ρ = ½). Under the global null
    // Holm's family-wise rate equals Bonferroni's, P(maxᵢ |Zᵢ| > z_{1−α/6}) = 1 − ∫ φ(x)[Φ(x+√2c) − Φ(x−√2c)]³ dx.
    const familyWise = (c: number) =>
      1 -
      integrateVector(
        (x) => [normalPdf(x) * (normalCdf(x + Math.SQRT2 * c) - normalCdf(x - Math.SQRT2 * c)) ** 3],
        [-12, -4, -1, 0, 1, 4, 12],
        1,
        1e-12,
      )[0]!;
    const holmRate = familyWise(normalQuantile(1 - ALPHA / 6));
    const rawRate = familyWise(normalQuantile(1 - ALPHA / 2));
    expect(holmRate).toBeLessThan(ALPHA);
    expectRate(anyHolm, RUNS, holmRate, 'A/A/A/A conversion, Holm family-wise rate');
    expectRate(anyRaw, RUNS, rawRate, 'A/A/A/A conversion, uncorrected family-wise rate');
    expectRate(
      individual,
      3 * RUNS,
      ALPHA,
      'A/A/A/A conversion, per-comparison rate (correlated, indicative)',
    );
  });

  it('Welch t-test on skewed (exponential, revenue-like) values: ≈ 5% false positives', () => {
    const random = seededRandom(3003);
    const [nC, nT] = [300, 500];
    const sample = (n: number) => {
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const x = exponential(random, 1 / 20);
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / n;
      return { n, mean, variance: (sumSquares - n * mean * mean) / (n - 1) };
    };
    let significant = 0;
    for (let run = 0; run < RUNS; run++) {
      if (welchTTest(sample(nC), sample(nT), ALPHA)!.pValue < ALPHA) significant++;
    }
    expectRate(significant, RUNS, ALPHA, 'A/A exponential means, Welch false-positive rate');
  });
});
