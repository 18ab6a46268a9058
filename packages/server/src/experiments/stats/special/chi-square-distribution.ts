import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';
import { invertCdf } from './invert-cdf.ts';
import { logGamma } from './log-gamma.ts';
import { normalQuantile } from './normal-distribution.ts';

/** A chi-square law with k degrees of freedom is Gamma(k/2, scale 2) (Abramowitz & Stegun 26.4.19). */
export function chiSquareCdf(x: number, df: number): number {
  return regularizedGammaP(df / 2, x / 2);
}

/** P(X ≥ x): the p-value of a chi-square statistic, accurate far into the tail. */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}

export function chiSquarePdf(x: number, df: number): number {
  if (x <= 0) return 0;
  const k = df / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/** Quantile, started from the Wilson–Hilferty cube-root normal approximation (A&S 26.4.17). */
export function chiSquareQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const h = 2 / (9 * df);
  const guess = Math.max(df * (1 - h + normalQuantile(p) * Math.sqrt(h)) ** 3, Number.MIN_VALUE);
  return invertCdf(p, {
    cdf: (x) => chiSquareCdf(x, df),
    pdf: (x) => chiSquarePdf(x, df),
    lower: 0,
    upper: Number.POSITIVE_INFINITY,
    guess,
  });
}
