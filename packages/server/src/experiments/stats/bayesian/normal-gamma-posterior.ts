import { studentTCdf, studentTPdf, studentTQuantile } from '../special/student-t-distribution.ts';
import type { Posterior } from './posterior.ts';

/**
 * Normal–Gamma prior on (μ, τ = 1/σ²): μ | τ ~ N(μ₀, 1/(κ₀τ)), τ ~ Gamma(α₀, rate β₀).
 *
 * The default is the limit κ₀ → 0, α₀ = −½, β₀ = 0, which is the reference prior p(μ, σ²) ∝ 1/σ². Its
 * marginal posterior for μ is t_{n−1}(x̄, s²/n), so the credible interval coincides with the classical t
 * interval (Gelman et al., BDA3 §3.2–3.3; K. Murphy 2007, "Conjugate Bayesian analysis of the
 * Gaussian distribution", the Normal-Gamma section). An informative prior is a choice of (μ₀, κ₀, α₀, β₀) with κ₀, α₀, β₀ > 0.
 */
export interface NormalGammaPrior {
  mean: number;
  kappa: number;
  alpha: number;
  beta: number;
}

export const REFERENCE_NORMAL_GAMMA_PRIOR: NormalGammaPrior = { mean: 0, kappa: 0, alpha: -0.5, beta: 0 };

/** Sufficient statistics of per-unit values: count, mean, and sum of squared deviations from the mean. */
export interface SampleMoments {
  n: number;
  mean: number;
  sumSquaredDeviations: number;
}

export interface LocationScaleT {
  df: number;
  location: number;
  scale: number;
}

/**
 * Posterior hyper-parameters (Murphy 2007), returned as the marginal law of μ: a location-scale t
 * with 2αₙ degrees of freedom, location μₙ and scale² βₙ/(αₙκₙ). Null when that law is improper or degenerate
 * (e.g. fewer than two units, or every unit had the same value, under the reference prior).
 *
 * Per-user counts and sums are not normal, but the model is for their *mean*, which the central limit theorem
 * makes normal at A/B sample sizes; unknown σ is integrated out rather than plugged in, which is what keeps
 * small samples honest (the t's heavier tails).
 */
export function normalGammaMarginal(sample: SampleMoments, prior: NormalGammaPrior): LocationScaleT | null {
  const { n, mean, sumSquaredDeviations } = sample;
  const kappa = prior.kappa + n;
  const alpha = prior.alpha + n / 2;
  if (!(kappa > 0 && alpha > 0)) return null;
  const location = (prior.kappa * prior.mean + n * mean) / kappa;
  const shrink = (prior.kappa * n * (mean - prior.mean) ** 2) / (2 * kappa);
  const beta = prior.beta + sumSquaredDeviations / 2 + shrink;
  const scale = Math.sqrt(beta / (alpha * kappa));
  if (!(scale > 0 && Number.isFinite(scale))) return null;
  return { df: 2 * alpha, location, scale };
}

/** The location-scale t as a Posterior. Its standard deviation is finite only for df > 2. */
export function locationScaleTPosterior({ df, location, scale }: LocationScaleT): Posterior {
  return {
    mean: location,
    sd: df > 2 ? scale * Math.sqrt(df / (df - 2)) : Number.POSITIVE_INFINITY,
    cdf: (x) => studentTCdf((x - location) / scale, df),
    pdf: (x) => studentTPdf((x - location) / scale, df) / scale,
    quantile: (p) => location + scale * studentTQuantile(p, df),
  };
}
