import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../special/chi-square-distribution.ts';
import { regularizedBeta } from '../special/incomplete-beta.ts';
import { beta, binomial, gamma, multinomial, normal, poisson } from './random-variates.ts';
import { seededRandom } from './seeded-random.ts';

function moments(draw: () => number, count: number) {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < count; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / count;
  return { mean, variance: sumSquares / count - mean * mean };
}

/** |sample mean − μ| in standard errors. */
const zOfMean = (m: { mean: number }, mu: number, variance: number, count: number) =>
  Math.abs(m.mean - mu) / Math.sqrt(variance / count);

describe('seeded random', () => {
  it('is reproducible per seed and different across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(c.next()).not.toBe(first[0]);
  });

  it('fills 100 equal bins uniformly (chi-square goodness of fit)', () => {
    const random = seededRandom(7);
    const bins = new Array(100).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[Math.floor(random.next() * 100)]++;
    const chi = bins.reduce((acc, o) => acc + (o - n / 100) ** 2 / (n / 100), 0);
    expect(chiSquareSurvival(chi, 99)).toBeGreaterThan(0.001);
  });
});

describe('random variates', () => {
  it('binomial by inversion matches the exact pmf (chi-square GOF), via I_p(k, n−k+1)', () => {
    const random = seededRandom(11);
    const [n, p, draws] = [30, 0.3, 50_000];
    const counts = new Array(n + 1).fill(0);
    for (let i = 0; i < draws; i++) counts[binomial(random, n, p)]++;
    // P(X ≥ k) = I_p(k, n − k + 1). Bins [0,4), [4,5), …, [15,16), [16, n]: every expected count is ≥ 5.
    const tail = (k: number) => (k <= 0 ? 1 : k > n ? 0 : regularizedBeta(p, k, n - k + 1));
    const edges = [0, ...Array.from({ length: 13 }, (_, i) => i + 4), n + 1];
    let chi = 0;
    for (let i = 0; i + 1 < edges.length; i++) {
      const [lo, hi] = [edges[i]!, edges[i + 1]!];
      const observed = counts.slice(lo, hi).reduce((a: number, b: number) => a + b, 0);
      const expected = draws * (tail(lo) - tail(hi));
      chi += (observed - expected) ** 2 / expected;
    }
    expect(chiSquareSurvival(chi, edges.length - 2)).toBeGreaterThan(0.001);
  });

  it('binomial by recursive splitting has the right mean and variance at n = 10⁶', () => {
    const random = seededRandom(3);
    const [n, p, draws] = [1_000_000, 0.1, 20_000];
    const m = moments(() => binomial(random, n, p), draws);
    expect(zOfMean(m, n * p, n * p * (1 - p), draws)).toBeLessThan(4);
    expect(m.variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(m.variance / (n * p * (1 - p))).toBeLessThan(1.05);
  });

  it('normal, gamma, beta and Poisson match their first two moments', () => {
    const random = seededRandom(5);
    const draws = 40_000;
    const checks: [() => number, number, number][] = [
      [() => normal(random), 0, 1],
      [() => gamma(random, 0.4), 0.4, 0.4],
      [() => gamma(random, 9), 9, 9],
      [() => beta(random, 3, 7), 0.3, 21 / (100 * 11)],
      [() => poisson(random, 3), 3, 3],
      [() => poisson(random, 250), 250, 250],
    ];
    for (const [draw, mean, variance] of checks) {
      const m = moments(draw, draws);
      expect(zOfMean(m, mean, variance, draws)).toBeLessThan(4);
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.06);
    }
  });

  it('multinomial splits add up and follow the probabilities', () => {
    const random = seededRandom(9);
    const totals = [0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      const split = multinomial(random, 1000, [0.5, 0.3, 0.2]);
      expect(split.reduce((a, b) => a + b, 0)).toBe(1000);
      split.forEach((count, j) => {
        totals[j]! += count;
      });
    }
    expect(totals[0]! / 2e6).toBeCloseTo(0.5, 2);
    expect(totals[2]! / 2e6).toBeCloseTo(0.2, 2);
  });
});
