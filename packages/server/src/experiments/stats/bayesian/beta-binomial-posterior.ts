import { betaCdf, betaPdf, betaQuantile } from '../special/beta-distribution.ts';
import type { Posterior } from './posterior.ts';

export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Beta(1, 1): uniform over conversion rates, i.e. "no prior opinion" (Gelman et al., BDA3 §2.4). */
export const UNIFORM_BETA_PRIOR: BetaPrior = { alpha: 1, beta: 1 };

/**
 * Conjugate update for a conversion rate: with a Beta(α, β) prior and c conversions out of n units the
 * posterior is Beta(α + c, β + n − c) (Gelman et al., "Bayesian Data Analysis" 3rd ed. §2.4). Units are
 * people, not events: the first conversion per exposed person, which is what makes the Bernoulli model hold.
 */
export function betaBinomialPosterior(units: number, conversions: number, prior: BetaPrior): Posterior {
  const a = prior.alpha + conversions;
  const b = prior.beta + units - conversions;
  const sum = a + b;
  return {
    mean: a / sum,
    sd: Math.sqrt((a * b) / (sum * sum * (sum + 1))),
    cdf: (x) => betaCdf(x, a, b),
    pdf: (x) => betaPdf(x, a, b),
    quantile: (p) => betaQuantile(p, a, b),
  };
}
