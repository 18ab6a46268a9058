import { studentTQuantile, studentTTwoSided } from '../special/student-t-distribution.ts';
import { type DifferenceEstimate, differenceEstimate } from './difference-estimate.ts';

export interface MeanSample {
  n: number;
  mean: number;
  /** Unbiased sample variance s² (divisor n − 1). */
  variance: number;
}

export interface WelchResult extends DifferenceEstimate {
  test: 'welch_t';
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Welch's unequal-variances t-test (Welch 1947, Biometrika 34:28) with Welch–Satterthwaite degrees of freedom
 * ν = (v_C + v_T)² / (v_C²/(n_C − 1) + v_T²/(n_T − 1)), vᵢ = sᵢ²/nᵢ (Satterthwaite 1946). Preferred over
 * Student's pooled test because a treatment routinely changes the spread as well as the mean (Delacre,
 * Lakens & Leys 2017, "Why psychologists should by default use Welch's t-test"). The same t critical value
 * serves the absolute and the delta-method relative interval.
 *
 * Null when undefined: fewer than two units in an arm, or zero variance in both.
 */
export function welchTTest(control: MeanSample, treatment: MeanSample, alpha: number): WelchResult | null {
  if (control.n < 2 || treatment.n < 2) return null;
  const vC = control.variance / control.n;
  const vT = treatment.variance / treatment.n;
  const se2 = vC + vT;
  if (!(se2 > 0)) return null;
  const degreesOfFreedom = (se2 * se2) / ((vC * vC) / (control.n - 1) + (vT * vT) / (treatment.n - 1));
  const statistic = (treatment.mean - control.mean) / Math.sqrt(se2);
  const estimate = differenceEstimate(
    { mean: control.mean, varianceOfMean: vC },
    { mean: treatment.mean, varianceOfMean: vT },
    studentTQuantile(1 - alpha / 2, degreesOfFreedom),
  );
  return {
    test: 'welch_t',
    statistic,
    degreesOfFreedom,
    pValue: studentTTwoSided(statistic, degreesOfFreedom),
    ...estimate,
  };
}
