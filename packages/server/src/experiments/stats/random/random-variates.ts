import type { SeededRandom } from './seeded-random.ts';

/**
 * Exact samplers for the laws the simulations need, written against a SeededRandom. References: Marsaglia &
 * Bray 1964 (polar normal), Marsaglia & Tsang 2000 (gamma), Knuth TAOCP vol. 2 §3.4.1 (binomial and Poisson by
 * recursive splitting, which stays exact and O(log n) without the tables of BTPE).
 */
export function normal(random: SeededRandom): number {
  for (;;) {
    const u = 2 * random.next() - 1;
    const v = 2 * random.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

export function exponential(random: SeededRandom, rate = 1): number {
  return -Math.log(random.next()) / rate;
}

export function gamma(random: SeededRandom, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * random.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(random: SeededRandom, a: number, b: number): number {
  const x = gamma(random, a);
  return x / (x + gamma(random, b));
}

/** Below this mean the O(np) inversion is cheaper than another splitting step. */
const DIRECT_BINOMIAL_MEAN = 20;

export function binomial(random: SeededRandom, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(random, n, 1 - p);
  if (n * p < DIRECT_BINOMIAL_MEAN) return binomialByInversion(random, n, p);
  // The a-th smallest of n uniforms is Beta(a, n + 1 − a). The uniforms below it are uniform on [0, X], those
  // above it uniform on [X, 1]; count how many fall below p on whichever side p lies.
  const a = 1 + Math.floor(n / 2);
  const x = beta(random, a, n + 1 - a);
  if (x >= p) return binomial(random, a - 1, p / x);
  return a + binomial(random, n - a, (p - x) / (1 - x));
}

function binomialByInversion(random: SeededRandom, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  let probability = q ** n;
  let cumulative = probability;
  const u = random.next();
  let k = 0;
  while (u > cumulative && k < n) {
    probability *= (ratio * (n - k)) / (k + 1);
    cumulative += probability;
    k++;
  }
  return k;
}

export function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < DIRECT_BINOMIAL_MEAN) {
    const limit = Math.exp(-mean);
    let product = random.next();
    let k = 0;
    while (product > limit) {
      product *= random.next();
      k++;
    }
    return k;
  }
  // A Gamma(m) variable is the time of the m-th event of a unit-rate Poisson process.
  const m = Math.floor(0.875 * mean);
  const g = gamma(random, m);
  if (g < mean) return m + poisson(random, mean - g);
  return binomial(random, m - 1, mean / g);
}

/** Multinomial split of n units over the given probabilities (summing to 1), by sequential binomials. */
export function multinomial(random: SeededRandom, n: number, probabilities: readonly number[]): number[] {
  const counts: number[] = [];
  let remaining = n;
  let mass = 1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const count =
      i === probabilities.length - 1 ? remaining : binomial(random, remaining, Math.min(1, p / mass));
    counts.push(count);
    remaining -= count;
    mass -= p;
  }
  return counts;
}
