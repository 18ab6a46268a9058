import { regularizedBeta } from './incomplete-beta.ts';
import { invertCdf } from './invert-cdf.ts';
import { logGamma } from './log-gamma.ts';
import { normalQuantile } from './normal-distribution.ts';

/** Density of Student's t with ν degrees of freedom (ν may be fractional, as Welch–Satterthwaite gives). */
export function studentTPdf(t: number, df: number): number {
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * P(T ≤ t) via the incomplete beta identity P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1,
 * DLMF 8.17.6 context). The complement t²/(ν+t²) is passed exactly so that small |t| stays precise.
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const t2 = t * t;
  const tail = 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided tail probability P(|T| ≥ |t|), the p-value of a t statistic. */
export function studentTTwoSided(t: number, df: number): number {
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/**
 * Quantile of Student's t. ν = 1 (Cauchy) and ν = 2 have closed forms; otherwise start from the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5) and refine with safeguarded Newton.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  // tan(π(p − ½)) written as −cot(πp), which stays accurate for tiny p.
  if (df === 1) return -1 / Math.tan(Math.PI * p);
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const guess = z + (z3 + z) / (4 * df) + (5 * z ** 5 + 16 * z3 + 3 * z) / (96 * df * df);
  return invertCdf(p, {
    cdf: (t) => studentTCdf(t, df),
    pdf: (t) => studentTPdf(t, df),
    lower: Number.NEGATIVE_INFINITY,
    upper: 0,
    guess: Math.min(guess, 0),
  });
}
