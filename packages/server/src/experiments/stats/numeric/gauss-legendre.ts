/**
 * Adaptive Gauss–Legendre quadrature of a vector-valued integrand.
 *
 * The Bayesian summaries (probability to be best, expected loss, probability to beat control) are all 1-D
 * integrals over the same grid of CDF and density values, so the integrand returns them together and every
 * expensive incomplete-beta evaluation is shared. Nodes are computed once by Newton's method on the Legendre
 * recurrence (Press et al., Numerical Recipes 3rd ed. §4.6). A panel's 12-point result is accepted when a
 * 7-point rule on the same panel agrees with it to within the tolerance — a pessimistic estimate, since it
 * bounds the error of the *coarser* rule — otherwise both halves are refined (the Gauss-pair scheme of Davis &
 * Rabinowitz, "Methods of Numerical Integration", 2nd ed., ch. 6).
 */
const ORDER = 12;
const CHECK_ORDER = 7;
/** A panel 2⁻²⁴ of its starting width is far below any posterior's scale: refining further only chases noise. */
const MAX_DEPTH = 24;
/**
 * Relative size below which an error estimate measures the integrand's own noise, not truncation: incomplete
 * beta values with 10⁷ trials carry ~1e-11 relative error, and chasing it would refine forever.
 */
const NOISE_FLOOR = 1e-10;

function legendreNodes(n: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = new Array(n).fill(0);
  const weights: number[] = new Array(n).fill(0);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}

const RULE = legendreNodes(ORDER);
const CHECK_RULE = legendreNodes(CHECK_ORDER);

export type VectorIntegrand = (x: number) => ArrayLike<number>;

function applyRule(
  rule: { nodes: number[]; weights: number[] },
  f: VectorIntegrand,
  a: number,
  b: number,
  size: number,
): Float64Array {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  const sum = new Float64Array(size);
  for (let i = 0; i < rule.nodes.length; i++) {
    const values = f(mid + half * rule.nodes[i]!);
    const w = rule.weights[i]! * half;
    for (let k = 0; k < size; k++) sum[k]! += w * values[k]!;
  }
  return sum;
}

function refine(
  f: VectorIntegrand,
  a: number,
  b: number,
  tolerance: number,
  depth: number,
  total: Float64Array,
): void {
  const size = total.length;
  const fine = applyRule(RULE, f, a, b, size);
  const coarse = applyRule(CHECK_RULE, f, a, b, size);
  let error = 0;
  let magnitude = 0;
  for (let k = 0; k < size; k++) {
    error = Math.max(error, Math.abs(fine[k]! - coarse[k]!));
    magnitude = Math.max(magnitude, Math.abs(fine[k]!));
  }
  if (error <= tolerance || error <= NOISE_FLOOR * magnitude || depth >= MAX_DEPTH) {
    for (let k = 0; k < size; k++) total[k]! += fine[k]!;
    return;
  }
  const mid = (a + b) / 2;
  refine(f, a, mid, tolerance / 2, depth + 1, total);
  refine(f, mid, b, tolerance / 2, depth + 1, total);
}

/**
 * ∫ f over the panels delimited by sorted `breakpoints`, each refined until the absolute error estimate of
 * every component is below its share of `tolerance`. Breakpoints should sit where the integrand changes
 * character (modes, shoulders, tails), so that the first split is already a good one.
 */
export function integrateVector(
  f: VectorIntegrand,
  breakpoints: readonly number[],
  size: number,
  tolerance: number,
): Float64Array {
  const total = new Float64Array(size);
  const share = tolerance / Math.max(1, breakpoints.length - 1);
  for (let i = 1; i < breakpoints.length; i++) {
    const a = breakpoints[i - 1]!;
    const b = breakpoints[i]!;
    if (!(b > a)) continue;
    refine(f, a, b, share, 0, total);
  }
  return total;
}
