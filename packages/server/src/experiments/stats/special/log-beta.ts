import { logGamma } from './log-gamma.ts';

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged so that large arguments do not cancel.
 *
 * With a million exposures ln Γ(a) ≈ 1.3e7, so the naive sum loses ~9 of 16 digits before the difference is
 * taken. For large arguments we instead write each ln Γ with Stirling's series and cancel the big terms
 * symbolically (the same idea as DiDonato & Morris 1992, ACM TOMS 18:360, "betaln"): what is left is
 * O(ln(a+b)) and keeps close to full precision.
 */
const STIRLING_THRESHOLD = 10;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** δ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], by its asymptotic series (DLMF 5.11.1), x ≥ 10. */
function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
}

/** ln Γ(x + s) − ln Γ(x) for x ≥ 10 and any s > 0, without forming either (huge) term. */
function logGammaRatio(x: number, s: number): number {
  return (
    (x - 0.5) * Math.log1p(s / x) +
    s * Math.log(x + s) -
    s +
    stirlingCorrection(x + s) -
    stirlingCorrection(x)
  );
}

export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < STIRLING_THRESHOLD) return logGamma(a) + logGamma(b) - logGamma(a + b);
  if (small < STIRLING_THRESHOLD) return logGamma(small) - logGammaRatio(large, small);
  const sum = a + b;
  return (
    HALF_LOG_TWO_PI +
    (a - 0.5) * Math.log(a / sum) +
    (b - 0.5) * Math.log(b / sum) -
    0.5 * Math.log(sum) +
    stirlingCorrection(a) +
    stirlingCorrection(b) -
    stirlingCorrection(sum)
  );
}
