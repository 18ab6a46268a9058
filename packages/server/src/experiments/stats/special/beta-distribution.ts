import { regularizedBeta } from './incomplete-beta.ts';
import { invertCdf } from './invert-cdf.ts';
import { logBeta } from './log-beta.ts';
import { normalQuantile } from './normal-distribution.ts';

export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a < 1 ? Number.POSITIVE_INFINITY : a === 1 ? b : 0;
  if (x === 1) return b < 1 ? Number.POSITIVE_INFINITY : b === 1 ? a : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return regularizedBeta(x, a, b);
}

/**
 * Quantile of Beta(a, b). The starting point matches the first two moments with a normal law (fine for the
 * posteriors of A/B tests, which have hundreds of pseudo-observations); the safeguarded Newton refinement
 * then converges even where that start is poor (tiny a or b, extreme p).
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0 && b > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const guess = mean + normalQuantile(p) * sd;
  return invertCdf(p, {
    cdf: (x) => betaCdf(x, a, b),
    pdf: (x) => betaPdf(x, a, b),
    lower: 0,
    upper: 1,
    guess: guess > 0 && guess < 1 ? guess : mean,
  });
}
