import { type BetaPrior, UNIFORM_BETA_PRIOR } from '../bayesian/beta-binomial-posterior.ts';
import { type NormalGammaPrior, REFERENCE_NORMAL_GAMMA_PRIOR } from '../bayesian/normal-gamma-posterior.ts';
import { SRM_P_VALUE_THRESHOLD } from '../sample-ratio-mismatch.ts';

export type DecisionRule = 'frequentist' | 'bayesian';

export interface AnalysisOptions {
  /** Two-sided significance level of every test and 1 − confidence level of every interval. */
  alpha: number;
  /** Mass of the equal-tailed credible intervals. */
  credibleLevel: number;
  srmThreshold: number;
  /** No verdict before every variant has this many exposures... */
  minExposuresPerVariant: number;
  /** ...and, for a conversion primary metric, this many conversions (the z-test's normal approximation needs them). */
  minConversionsPerVariant: number;
  /**
   * 'frequentist' (default): ship on a Holm-adjusted significant primary effect; its false-positive rate is the
   * one the simulations verify. 'bayesian': ship when one variant's probability to be best and expected loss
   * pass the thresholds below (Stucchio's "threshold of caring").
   */
  decisionRule: DecisionRule;
  /**
   * Relative effect that does not matter. "no_difference" is declared when every treatment's confidence
   * interval for the relative change lies inside ±margin (an equivalence test by interval inclusion).
   */
  equivalenceMargin: number;
  /** Planned exposures per variant; once reached without a significant result the answer is "no_difference". */
  targetExposuresPerVariant: number | null;
  probabilityToBeBestThreshold: number;
  /** Expected loss threshold, as a fraction of the control's posterior mean (0.0025 = 0.25% of control). */
  expectedLossThreshold: number;
  betaPrior: BetaPrior;
  normalPrior: NormalGammaPrior;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  alpha: 0.05,
  credibleLevel: 0.95,
  srmThreshold: SRM_P_VALUE_THRESHOLD,
  minExposuresPerVariant: 100,
  minConversionsPerVariant: 10,
  decisionRule: 'frequentist',
  equivalenceMargin: 0.05,
  targetExposuresPerVariant: null,
  probabilityToBeBestThreshold: 0.95,
  expectedLossThreshold: 0.0025,
  betaPrior: UNIFORM_BETA_PRIOR,
  normalPrior: REFERENCE_NORMAL_GAMMA_PRIOR,
};
