import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from './sample-ratio-mismatch.ts';

describe('sampleRatioMismatch', () => {
  it('reproduces a textbook goodness-of-fit example with an uneven split', () => {
    // An AP-statistics textbook solutions manual, ch. 14, exercise 14.3 (studylib.net/doc/8649499): grades
    // A/B/C/D-F of 91 students against the split 32/41/20/7 %: X² = 5.297, df = 3, software P = 0.1513.
    const result = sampleRatioMismatch([22, 38, 20, 11], [32, 41, 20, 7]);
    expect(result.chiSquare).toBeCloseTo(5.297, 3);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.pValue).toBeCloseTo(0.1513, 4);
    expect(result.alert).toBe(false);
    expect(result.expected[0]).toBeCloseTo(29.12, 10);
  });

  it('flags a 50.4/49.6 split at a million exposures and not a 50.04/49.96 one', () => {
    // χ² = (4000² + 4000²)/500000 = 64 ⇒ p ≈ 1.3e-15; χ² = 0.64 ⇒ p ≈ 0.42.
    const skewed = sampleRatioMismatch([504_000, 496_000], [50, 50]);
    expect(skewed.chiSquare).toBeCloseTo(64, 10);
    expect(skewed.pValue).toBeLessThan(1e-14);
    expect(skewed.alert).toBe(true);
    const fine = sampleRatioMismatch([500_400, 499_600], [1, 1]);
    expect(fine.pValue).toBeCloseTo(0.4237, 4);
    expect(fine.alert).toBe(false);
  });

  it('does not alert before any exposure', () => {
    expect(sampleRatioMismatch([0, 0, 0], [1, 1, 1])).toMatchObject({ pValue: 1, alert: false });
  });
});
