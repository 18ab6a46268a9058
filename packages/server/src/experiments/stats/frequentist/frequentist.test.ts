import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust, holmAdjust } from './multiple-comparisons.ts';
import { powerAtSampleSize, sampleSizePerArm } from './sample-size.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';
import { welchTTest } from './welch-t-test.ts';

const summarize = (values: number[]) => {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return { n, mean, variance: values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) };
};

describe('two-proportion z-test: published worked examples', () => {
  it('Stat Trek, "Hypothesis test: difference between proportions" (Acme cold drug): z = −2.13, P = 0.034', () => {
    // 100 women, 38% caught a cold; 200 men, 51%. Stat Trek rounds SE to 0.061, giving z = −2.13, P = 0.034.
    const result = twoProportionZTest(
      { units: 200, conversions: 102 },
      { units: 100, conversions: 38 },
      0.05,
    )!;
    expect(result.statistic).toBeCloseTo(-2.1276, 3);
    expect(result.pValue).toBeGreaterThan(0.033);
    expect(result.pValue).toBeLessThan(0.0345);
  });

  it('Freedman, Pisani & Purves, "Statistics" ch. 27 (Pauling vitamin C skiers): z ≈ 2.2', () => {
    // Placebo 31 colds of 140, vitamin C 17 of 139. The textbook reports z ≈ 2.2 and P ≈ 1.4% one-sided.
    const result = twoProportionZTest(
      { units: 139, conversions: 17 },
      { units: 140, conversions: 31 },
      0.05,
    )!;
    expect(result.statistic).toBeCloseTo(2.19, 2);
    expect(result.pValue / 2).toBeCloseTo(0.014, 3);
    // Unpooled 95% interval for the difference of proportions: 0.0991 ± 1.96 × 0.04460.
    const se = Math.sqrt(((31 / 140) * (109 / 140)) / 140 + ((17 / 139) * (122 / 139)) / 139);
    expect(result.absolute.standardError).toBeCloseTo(se, 15);
    expect(result.absolute.lower).toBeCloseTo(31 / 140 - 17 / 139 - 1.959963984540054 * se, 12);
    expect(result.relative!.estimate).toBeCloseTo(31 / 140 / (17 / 139) - 1, 12);
  });

  it('is undefined (null) with no variation, and symmetric in sign', () => {
    expect(twoProportionZTest({ units: 50, conversions: 0 }, { units: 60, conversions: 0 }, 0.05)).toBeNull();
    const ab = twoProportionZTest({ units: 900, conversions: 90 }, { units: 1100, conversions: 140 }, 0.05)!;
    const ba = twoProportionZTest({ units: 1100, conversions: 140 }, { units: 900, conversions: 90 }, 0.05)!;
    expect(ab.statistic).toBeCloseTo(-ba.statistic, 14);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 14);
  });
});

describe('Welch t-test: published worked examples', () => {
  it('matches R’s t.test output quoted on Cross Validated ("Welch t-test confidence interval"): t = −1.8325, df = 17.9', () => {
    // R: t.test(c(11,9,10,11,10,12,9,11,12,9), c(11,13,10,13,12,9,11,12,12,11))
    // → t = -1.8325, df = 17.9, p-value = 0.08356, 95% CI -2.1469104 0.1469104 (difference x − y).
    const x = summarize([11, 9, 10, 11, 10, 12, 9, 11, 12, 9]);
    const y = summarize([11, 13, 10, 13, 12, 9, 11, 12, 12, 11]);
    const result = welchTTest(y, x, 0.05)!;
    expect(result.statistic).toBeCloseTo(-1.8325, 4);
    expect(result.degreesOfFreedom).toBeCloseTo(17.9, 1);
    expect(result.pValue).toBeCloseTo(0.08356, 5);
    expect(result.absolute.lower).toBeCloseTo(-2.1469104, 6);
    expect(result.absolute.upper).toBeCloseTo(0.1469104, 6);
  });

  it('matches the summary-statistics example of senseofstudy.com "Two-sample tests" (t ≈ 0.895, df ≈ 35.2)', () => {
    const result = welchTTest({ n: 20, mean: 95, variance: 400 }, { n: 20, mean: 100, variance: 225 }, 0.05)!;
    expect(result.statistic).toBeCloseTo(0.894, 2);
    expect(result.degreesOfFreedom).toBeCloseTo(35.2, 1);
    expect(result.pValue).toBeGreaterThan(0.05);
  });

  it('is null below two units or with no variance', () => {
    expect(welchTTest({ n: 1, mean: 3, variance: 0 }, { n: 10, mean: 4, variance: 1 }, 0.05)).toBeNull();
    expect(welchTTest({ n: 5, mean: 3, variance: 0 }, { n: 5, mean: 3, variance: 0 }, 0.05)).toBeNull();
  });
});

describe('multiple-comparison adjustments', () => {
  // Worked example of Benjamini & Hochberg (1995) §4.2: 15 p-values from a myocardial-infarction study; at
  // q = 0.05 BH rejects the four smallest, while Holm (and Bonferroni) reject only the three smallest.
  const bh1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
    0.759, 1.0,
  ];

  it('Benjamini–Hochberg reproduces the 1995 paper’s four discoveries', () => {
    const q = benjaminiHochbergAdjust(bh1995);
    expect(q.filter((value) => value! <= 0.05)).toHaveLength(4);
    expect(q[3]).toBeCloseTo((0.0095 * 15) / 4, 12);
  });

  it('Holm rejects three, is monotone in p, and never below the raw p-value', () => {
    const adjusted = holmAdjust(bh1995);
    expect(adjusted.filter((value) => value! <= 0.05)).toHaveLength(3);
    expect(adjusted[0]).toBeCloseTo(0.0015, 12);
    expect(adjusted[2]).toBeCloseTo(0.0019 * 13, 12);
    adjusted.forEach((value, i) => {
      expect(value!).toBeGreaterThanOrEqual(bh1995[i]!);
      if (i > 0) expect(value!).toBeGreaterThanOrEqual(adjusted[i - 1]!);
    });
  });

  it('skips untested (null) hypotheses without counting them', () => {
    expect(holmAdjust([0.01, null, 0.04])).toEqual([0.02, null, 0.04]);
    expect(benjaminiHochbergAdjust([null, 0.02, 0.03])).toEqual([null, 0.03, 0.03]);
  });
});

describe('sample size and power for proportions', () => {
  it('matches the Fleiss formula: 10% → 11% at α = 0.05 and 80% power needs 14,751 per arm', () => {
    // By hand: p̄ = 0.105, [1.95996·√(2·0.105·0.895) + 0.84162·√(0.09 + 0.0979)]² / 0.01² = 14,750.79 → 14,751.
    const n = sampleSizePerArm({ baselineRate: 0.1, treatmentRate: 0.11, alpha: 0.05, power: 0.8 });
    expect(n).toBe(14_751);
    expect(
      powerAtSampleSize({ baselineRate: 0.1, treatmentRate: 0.11, alpha: 0.05, unitsPerArm: n }),
    ).toBeCloseTo(0.8, 3);
  });
});
