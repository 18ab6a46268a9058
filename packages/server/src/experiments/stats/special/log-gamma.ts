/**
 * Lanczos approximation with g = 7 and nine coefficients (Lanczos 1964, "A precision approximation of the
 * gamma function", SIAM J. Numer. Anal. B 1:86–96; coefficient set popularised by Godfrey and by Press et
 * al., Numerical Recipes 3rd ed. §6.1). It is accurate to about 15 significant digits for x > 0, which is
 * all the Beta, t and chi-square functions built on it need.
 */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  // Reflection Γ(x)Γ(1−x) = π / sin(πx) keeps the series in the region where it converges fastest.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += LANCZOS_COEFFICIENTS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}
