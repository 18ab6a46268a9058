/**
 * Solves cdf(x) = p for a continuous, increasing CDF by Newton steps kept inside a shrinking bracket, falling
 * back to bisection whenever a Newton step leaves the bracket (the "rtsafe" safeguard of Numerical Recipes
 * §9.4). Newton alone diverges on the flat tails of heavy-tailed laws; bisection alone is slow. Quantiles of
 * the Beta, t and chi-square laws are all computed this way from an approximate starting point.
 */
export interface CdfInversion {
  cdf: (x: number) => number;
  pdf: (x: number) => number;
  /** Known lower and upper bounds of the support; ±Infinity for unbounded sides. */
  lower: number;
  upper: number;
  guess: number;
}

const MAX_ITERATIONS = 300;

function expandBracket(f: (x: number) => number, guess: number, lower: number, upper: number) {
  let lo = lower;
  let hi = upper;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return { lo, hi };
  let step = Math.max(1, Math.abs(guess));
  if (!Number.isFinite(lo)) {
    lo = guess - step;
    while (f(lo) > 0) {
      step *= 2;
      lo = guess - step;
    }
  }
  step = Math.max(1, Math.abs(guess));
  if (!Number.isFinite(hi)) {
    hi = guess + step;
    while (f(hi) < 0) {
      step *= 2;
      hi = guess + step;
    }
  }
  return { lo, hi };
}

export function invertCdf(p: number, spec: CdfInversion): number {
  const f = (x: number) => spec.cdf(x) - p;
  let { lo, hi } = expandBracket(f, spec.guess, spec.lower, spec.upper);
  let x = Math.min(Math.max(spec.guess, lo), hi);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const density = spec.pdf(x);
    let next = density > 0 ? x - fx / density : Number.NaN;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (Math.abs(next - x) <= 4 * Number.EPSILON * Math.max(Math.abs(next), Number.MIN_VALUE)) return next;
    if (hi - lo <= 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE)) return next;
    x = next;
  }
  return x;
}
