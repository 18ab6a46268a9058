import { normalQuantile, normalSurvival } from '../special/normal-distribution.ts';
import { type DifferenceEstimate, differenceEstimate } from './difference-estimate.ts';

export interface ProportionSample {
  units: number;
  conversions: number;
}

export interface ZTestResult extends DifferenceEstimate {
  test: 'two_proportion_z';
  statistic: number;
  pValue: number;
}

/**
 * Two-sided two-proportion z-test of H₀: p_T = p_C.
 *
 * The test statistic uses the *pooled* standard error, because under H₀ both arms share one rate and pooling
 * estimates it best; the confidence interval uses the *unpooled* (Wald) standard error, because it must cover
 * the difference when H₀ is false (Agresti, "Categorical Data Analysis" 3rd ed. §1.4 and §3.1.2; Fleiss, Levin
 * & Paik, "Statistical Methods for Rates and Proportions" §4). The two can disagree at the margin; the p-value
 * is the one that controls the false-positive rate.
 *
 * Null when the test is undefined: an arm with no units, or no variation at all (0% or 100% in both arms).
 */
export function twoProportionZTest(
  control: ProportionSample,
  treatment: ProportionSample,
  alpha: number,
): ZTestResult | null {
  if (control.units < 1 || treatment.units < 1) return null;
  const pC = control.conversions / control.units;
  const pT = treatment.conversions / treatment.units;
  const pooled = (control.conversions + treatment.conversions) / (control.units + treatment.units);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.units + 1 / treatment.units));
  if (!(pooledSe > 0)) return null;
  const statistic = (pT - pC) / pooledSe;
  const estimate = differenceEstimate(
    { mean: pC, varianceOfMean: (pC * (1 - pC)) / control.units },
    { mean: pT, varianceOfMean: (pT * (1 - pT)) / treatment.units },
    normalQuantile(1 - alpha / 2),
  );
  return {
    test: 'two_proportion_z',
    statistic,
    pValue: 2 * normalSurvival(Math.abs(statistic)),
    ...estimate,
  };
}
