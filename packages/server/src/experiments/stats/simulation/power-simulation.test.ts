import { describe, expect, it } from 'vitest';
import { powerAtSampleSize, sampleSizePerArm } from '../frequentist/sample-size.ts';
import { twoProportionZTest } from '../frequentist/two-proportion-z-test.ts';
import { welchTTest } from '../frequentist/welch-t-test.ts';
import { binomial, poisson } from '../random/random-variates.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { normalCdf, normalQuantile } from '../special/normal-distribution.ts';
import { binomialAcceptance } from './binomial-acceptance.ts';

/**
 * Power simulations: a real 10% relative lift, at the sample size planned for 80% power, must be detected in
 * ≈ 80% of simulated experiments — the check that the tests are not only safe under A/A but also sensitive.
 */
const RUNS = 2000;
const DELTA = 0.001;
const ALPHA = 0.05;

const expectRate = (count: number, rate: number, label: string) => {
  const { lower, upper } = binomialAcceptance(RUNS, rate, DELTA);
  console.info(
    `${label}: ${count}/${RUNS} = ${((100 * count) / RUNS).toFixed(2)}% (expected ${(100 * rate).toFixed(2)}%, accepted ${lower}–${upper})`,
  );
  expect(count).toBeGreaterThanOrEqual(lower);
  expect(count).toBeLessThanOrEqual(upper);
};

describe('power simulations', () => {
  it('conversion 10% → 11% at the planned n per arm is detected in ≈ 80% of runs', () => {
    const plan = { baselineRate: 0.1, treatmentRate: 0.11, alpha: ALPHA };
    const n = sampleSizePerArm({ ...plan, power: 0.8 });
    const random = seededRandom(4004);
    let detected = 0;
    for (let run = 0; run < RUNS; run++) {
      const result = twoProportionZTest(
        { units: n, conversions: binomial(random, n, 0.1) },
        { units: n, conversions: binomial(random, n, 0.11) },
        ALPHA,
      )!;
      if (result.pValue < ALPHA && result.absolute.estimate > 0) detected++;
    }
    expectRate(
      detected,
      powerAtSampleSize({ ...plan, unitsPerArm: n }),
      `10% lift on conversion, n = ${n}/arm`,
    );
  });

  it('count per user, Poisson 2.0 → 2.2 (10% lift), Welch test at the planned n is detected in ≈ 80%', () => {
    // Normal-approximation plan for a difference of means: n = (z_{1−α/2} + z_{0.8})² (σ₁² + σ₂²) / δ².
    const [lambdaC, lambdaT] = [2, 2.2];
    const zAlpha = normalQuantile(1 - ALPHA / 2);
    const n = Math.ceil(
      ((zAlpha + normalQuantile(0.8)) ** 2 * (lambdaC + lambdaT)) / (lambdaT - lambdaC) ** 2,
    );
    const shift = (lambdaT - lambdaC) / Math.sqrt((lambdaC + lambdaT) / n);
    const expectedPower = normalCdf(shift - zAlpha) + normalCdf(-shift - zAlpha);
    const random = seededRandom(5005);
    const sample = (lambda: number) => {
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const x = poisson(random, lambda);
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / n;
      return { n, mean, variance: (sumSquares - n * mean * mean) / (n - 1) };
    };
    let detected = 0;
    for (let run = 0; run < RUNS; run++) {
      const result = welchTTest(sample(lambdaC), sample(lambdaT), ALPHA)!;
      if (result.pValue < ALPHA && result.absolute.estimate > 0) detected++;
    }
    expectRate(detected, expectedPower, `10% lift on a Poisson count, n = ${n}/arm`);
  });
});
