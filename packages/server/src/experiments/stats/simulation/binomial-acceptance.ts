import { regularizedBeta } from '../special/incomplete-beta.ts';

/**
 * P(X ≤ k) for X ~ Binomial(n, p), through the identity P(X ≤ k) = I_{1−p}(n − k, k + 1) (Abramowitz & Stegun
 * 26.5.24), so no sum of n terms is needed.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - p, n - k, k + 1, p);
}

/**
 * The central range [lower, upper] that a Binomial(n, p) count falls in with probability ≥ 1 − δ, each tail
 * holding at most δ/2. A simulation that counts events of true rate p "agrees" with p when its count is inside:
 * the tolerance is computed from n and p, not chosen by eye, and δ is the chance of a false alarm per check.
 */
export function binomialAcceptance(n: number, p: number, delta: number): { lower: number; upper: number } {
  // lower: the smallest k with P(X ≤ k) > δ/2; upper: the smallest k with P(X > k) ≤ δ/2.
  const lower = firstTrue(0, n, (k) => binomialCdf(k, n, p) > delta / 2);
  const upper = firstTrue(0, n, (k) => 1 - binomialCdf(k, n, p) <= delta / 2);
  return { lower, upper };
}

/** Smallest k in [lo, hi] where the monotone predicate holds (hi if none earlier). */
function firstTrue(lo: number, hi: number, predicate: (k: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (predicate(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
