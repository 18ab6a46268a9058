import { describe, expect, it } from 'vitest';
import { binomialAcceptance, binomialCdf } from './binomial-acceptance.ts';

describe('binomialAcceptance', () => {
  it('computes the binomial CDF exactly (sum of the pmf for a small case)', () => {
    let pmf = 0.7 ** 12;
    let sum = 0;
    for (let k = 0; k <= 12; k++) {
      sum += pmf;
      expect(binomialCdf(k, 12, 0.3)).toBeCloseTo(sum, 13);
      pmf *= ((12 - k) / (k + 1)) * (0.3 / 0.7);
    }
  });

  it('brackets 2,000 trials at 5% (mean 100, sd 9.75) roughly ±3.3 sd for δ = 0.001', () => {
    const { lower, upper } = binomialAcceptance(2000, 0.05, 0.001);
    expect(binomialCdf(lower - 1, 2000, 0.05)).toBeLessThanOrEqual(0.0005);
    expect(binomialCdf(lower, 2000, 0.05)).toBeGreaterThan(0.0005);
    expect(1 - binomialCdf(upper, 2000, 0.05)).toBeLessThanOrEqual(0.0005);
    expect(1 - binomialCdf(upper - 1, 2000, 0.05)).toBeGreaterThan(0.0005);
    expect(lower).toBeGreaterThan(100 - 3.6 * 9.75);
    expect(upper).toBeLessThan(100 + 3.6 * 9.75);
  });
});
