import { describe, expect, it } from 'vitest';
import { beta as sampleBeta } from '../random/random-variates.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { logBeta } from '../special/log-beta.ts';
import { normalCdf, normalPdf } from '../special/normal-distribution.ts';
import { studentTQuantile } from '../special/student-t-distribution.ts';
import { betaBinomialPosterior, UNIFORM_BETA_PRIOR } from './beta-binomial-posterior.ts';
import {
  locationScaleTPosterior,
  normalGammaMarginal,
  REFERENCE_NORMAL_GAMMA_PRIOR,
} from './normal-gamma-posterior.ts';
import { credibleInterval, negatePosterior } from './posterior.ts';
import { racePosteriors } from './posterior-race.ts';

/**
 * P(Y > X) for X ~ Beta(a, b), Y ~ Beta(c, d) with integer c, by Evan Miller's closed form
 * ("Formulas for Bayesian A/B Testing", evanmiller.org/bayesian-ab-testing.html, 2015):
 * Σ_{i=0}^{c−1} B(a+i, b+d) / ((d+i) B(1+i, d) B(a, b)).
 */
function millerProbability(a: number, b: number, c: number, d: number): number {
  let total = 0;
  for (let i = 0; i < c; i++) {
    total += Math.exp(logBeta(a + i, b + d) - Math.log(d + i) - logBeta(1 + i, d) - logBeta(a, b));
  }
  return total;
}

/**
 * E[max(Y − X, 0)], the expected loss of keeping X when Y may be better. Using x·Beta(a, b) = a/(a+b)·Beta(a+1, b)
 * it reduces to two Miller probabilities (Stucchio, "Easy evaluation of decision rules in Bayesian A/B testing",
 * chrisstucchio.com, 2014).
 */
function stucchioLoss(a: number, b: number, c: number, d: number): number {
  return (
    (c / (c + d)) * millerProbability(a, b, c + 1, d) - (a / (a + b)) * millerProbability(a + 1, b, c, d)
  );
}

const conversion = (n: number, c: number) => betaBinomialPosterior(n, c, UNIFORM_BETA_PRIOR);

describe('Beta-Binomial posterior', () => {
  it('has the conjugate mean and, with zero conversions, the closed-form upper bound 1 − 0.025^{1/(n+1)}', () => {
    const posterior = conversion(1000, 100);
    expect(posterior.mean).toBeCloseTo(101 / 1002, 15);
    // Beta(1, n + 1) has CDF 1 − (1 − x)^{n+1}.
    const none = credibleInterval(conversion(500, 0), 0.95);
    expect(none.upper).toBeCloseTo(1 - 0.025 ** (1 / 501), 12);
    expect(none.lower).toBeCloseTo(1 - 0.975 ** (1 / 501), 14);
  });
});

describe('racePosteriors on conversion rates', () => {
  it('equals Evan Miller’s exact P(B > A) and Stucchio’s exact expected loss for two arms', () => {
    const cases: [number, number, number, number][] = [
      [1000, 100, 1000, 120],
      [200, 120, 200, 100],
      [5000, 40, 4800, 61],
      [20_000, 2_000, 20_000, 2_100],
    ];
    for (const [nA, cA, nB, cB] of cases) {
      const [a, b, c, d] = [1 + cA, 1 + nA - cA, 1 + cB, 1 + nB - cB];
      const race = racePosteriors([conversion(nA, cA), conversion(nB, cB)], 0);
      const exact = millerProbability(a, b, c, d);
      expect(race.probabilityToBeatControl[1]).toBeCloseTo(exact, 9);
      expect(race.probabilityToBeBest[1]).toBeCloseTo(exact, 9);
      expect(race.probabilityToBeBest[0]! + race.probabilityToBeBest[1]!).toBeCloseTo(1, 9);
      expect(race.expectedLoss[0]).toBeCloseTo(stucchioLoss(a, b, c, d), 10);
      expect(race.expectedLoss[1]).toBeCloseTo(stucchioLoss(c, d, a, b), 10);
    }
  });

  it('agrees with seeded Monte Carlo for four arms within the Monte Carlo error', () => {
    const arms = [
      [3000, 300],
      [3000, 318],
      [2900, 322],
      [3100, 296],
    ] as const;
    const race = racePosteriors(
      arms.map(([n, c]) => conversion(n, c)),
      0,
    );
    const random = seededRandom(2024);
    const draws = 100_000;
    const wins = [0, 0, 0, 0];
    const loss = [0, 0, 0, 0];
    for (let s = 0; s < draws; s++) {
      const theta = arms.map(([n, c]) => sampleBeta(random, 1 + c, 1 + n - c));
      const best = Math.max(...theta);
      wins[theta.indexOf(best)]!++;
      theta.forEach((t, i) => {
        loss[i]! += best - t;
      });
    }
    for (let i = 0; i < arms.length; i++) {
      const p = race.probabilityToBeBest[i]!;
      // Binomial standard error of a Monte Carlo proportion; 4.5 SE leaves a ~1e-5 chance of a false failure.
      expect(Math.abs(wins[i]! / draws - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / draws) + 1e-9);
      expect(Math.abs(loss[i]! / draws - race.expectedLoss[i]!)).toBeLessThan(3e-4);
    }
    expect(race.probabilityToBeBest.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('ranks lower-is-better metrics by racing the negated posteriors', () => {
    const posteriors = [conversion(1000, 50), conversion(1000, 65)];
    const higher = racePosteriors(posteriors, 0);
    const lower = racePosteriors(posteriors.map(negatePosterior), 0);
    expect(lower.probabilityToBeBest[0]).toBeCloseTo(higher.probabilityToBeBest[1]!, 9);
    expect(lower.probabilityToBeBest[0]).toBeGreaterThan(0.9);
  });
});

describe('Normal-Gamma posterior for means', () => {
  const sample = [3.1, 2.4, 5.6, 4.4, 3.9, 2.2, 6.1, 4.8, 3.3, 4.0];
  const n = sample.length;
  const mean = sample.reduce((a, b) => a + b, 0) / n;
  const ss = sample.reduce((a, x) => a + (x - mean) ** 2, 0);

  it('under the reference prior gives exactly the classical t interval x̄ ± t_{n−1} s/√n', () => {
    const marginal = normalGammaMarginal(
      { n, mean, sumSquaredDeviations: ss },
      REFERENCE_NORMAL_GAMMA_PRIOR,
    )!;
    expect(marginal.df).toBe(n - 1);
    const interval = credibleInterval(locationScaleTPosterior(marginal), 0.95);
    const half = studentTQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1) / n);
    expect(interval.lower).toBeCloseTo(mean - half, 12);
    expect(interval.upper).toBeCloseTo(mean + half, 12);
    expect(
      normalGammaMarginal({ n: 1, mean: 3, sumSquaredDeviations: 0 }, REFERENCE_NORMAL_GAMMA_PRIOR),
    ).toBeNull();
  });

  it('with an informative prior matches brute-force integration of prior × likelihood over (μ, τ)', () => {
    const prior = { mean: 3, kappa: 4, alpha: 2, beta: 3 };
    const posterior = locationScaleTPosterior(
      normalGammaMarginal({ n, mean, sumSquaredDeviations: ss }, prior)!,
    );
    // Unnormalised log density of (μ, τ): Normal-Gamma prior times the normal likelihood of the raw sample.
    const logDensity = (mu: number, tau: number) =>
      (prior.alpha - 0.5) * Math.log(tau) -
      prior.beta * tau -
      (prior.kappa * tau * (mu - prior.mean) ** 2) / 2 +
      (n / 2) * Math.log(tau) -
      (tau / 2) * sample.reduce((a, x) => a + (x - mu) ** 2, 0);
    let [mass, first, below] = [0, 0, 0];
    const cut = 3.5;
    for (let i = 0; i < 600; i++) {
      const mu = 1 + (i + 0.5) * (5 / 600);
      for (let j = 0; j < 600; j++) {
        const tau = (j + 0.5) * (4 / 600);
        const w = Math.exp(logDensity(mu, tau) + 20);
        mass += w;
        first += w * mu;
        if (mu < cut) below += w;
      }
    }
    expect(posterior.mean).toBeCloseTo(first / mass, 4);
    expect(posterior.cdf(cut)).toBeCloseTo(below / mass, 3);
  });

  it('two large-sample arms reproduce the normal closed forms P = Φ(δ/σ) and E[(D)⁺] = δΦ(δ/σ) + σφ(δ/σ)', () => {
    const arm = (location: number, scale: number) => locationScaleTPosterior({ df: 1e7, location, scale });
    const [a, b] = [arm(10, 0.04), arm(10.05, 0.03)];
    const race = racePosteriors([a, b], 0);
    const delta = 0.05;
    const sigma = Math.hypot(0.04, 0.03);
    expect(race.probabilityToBeatControl[1]).toBeCloseTo(normalCdf(delta / sigma), 6);
    const lossOfA = delta * normalCdf(delta / sigma) + sigma * normalPdf(delta / sigma);
    expect(race.expectedLoss[0]).toBeCloseTo(lossOfA, 8);
  });
});
