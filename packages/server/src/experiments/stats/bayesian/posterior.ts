/**
 * A univariate posterior for one variant's metric (a conversion rate or a mean). Everything downstream —
 * credible intervals, probability to be best, expected loss — needs only these five members, so Beta and
 * Student-t posteriors are interchangeable.
 */
export interface Posterior {
  readonly mean: number;
  readonly sd: number;
  cdf(x: number): number;
  pdf(x: number): number;
  quantile(p: number): number;
}

/**
 * The law of −θ. Metrics where lower is better (errors per user, time to complete) reuse the "higher is
 * better" race unchanged by racing the negated posteriors.
 */
export function negatePosterior(posterior: Posterior): Posterior {
  return {
    mean: -posterior.mean,
    sd: posterior.sd,
    cdf: (x) => 1 - posterior.cdf(-x),
    pdf: (x) => posterior.pdf(-x),
    quantile: (p) => -posterior.quantile(1 - p),
  };
}

export interface CredibleInterval {
  lower: number;
  upper: number;
}

/** Equal-tailed interval: the (1 − level)/2 and (1 + level)/2 posterior quantiles. */
export function credibleInterval(posterior: Posterior, level: number): CredibleInterval {
  const tail = (1 - level) / 2;
  return { lower: posterior.quantile(tail), upper: posterior.quantile(1 - tail) };
}
