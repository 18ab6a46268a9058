import { describe, expect, it } from 'vitest';
import { timeToConvertBins } from './time-to-convert.ts';

describe('timeToConvertBins', () => {
  it('splits fastest to slowest into equal bins, the slowest in the last one', () => {
    expect(timeToConvertBins([10, 20, 30, 40, 110], 2)).toEqual({
      bins: [
        [10, 4],
        [60, 1],
      ],
      average_conversion_time: 42,
    });
  });

  it('no conversions: no bins and no average', () => {
    expect(timeToConvertBins([])).toEqual({ bins: [], average_conversion_time: null });
  });

  it('copes with more conversions than a call can take arguments', () => {
    const seconds = Array.from({ length: 300_000 }, (_, i) => i);
    const result = timeToConvertBins(seconds);
    // cbrt(300000) ≈ 66.9 → capped at 60 bins.
    expect(result.bins).toHaveLength(60);
    expect(result.bins.reduce((a, [, n]) => a + n, 0)).toBe(300_000);
  });
});
