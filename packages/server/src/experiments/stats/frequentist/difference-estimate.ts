/**
 * A treatment-minus-control effect with its two-sided confidence interval, absolute and relative.
 *
 * The relative interval uses the delta method for the ratio of two independent means:
 * Var(T/C) ≈ Var(T)/C² + T²·Var(C)/C⁴ (Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments", 2020,
 * ch. 18; Deng, Knoblich & Lu 2018, "Applying the Delta Method in Metric Analytics", KDD). It is null when the
 * control mean is zero, where a relative change is undefined.
 */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface DifferenceEstimate {
  absolute: Interval & { standardError: number };
  relative: Interval | null;
}

export interface ArmEstimate {
  /** Sample mean (a conversion rate for binary metrics). */
  mean: number;
  /** Variance of that sample mean, σ²/n. */
  varianceOfMean: number;
}

export function differenceEstimate(
  control: ArmEstimate,
  treatment: ArmEstimate,
  criticalValue: number,
): DifferenceEstimate {
  const difference = treatment.mean - control.mean;
  const standardError = Math.sqrt(control.varianceOfMean + treatment.varianceOfMean);
  const absolute = {
    estimate: difference,
    lower: difference - criticalValue * standardError,
    upper: difference + criticalValue * standardError,
    standardError,
  };
  if (control.mean === 0) return { absolute, relative: null };
  const ratio = treatment.mean / control.mean;
  const relativeSe = Math.sqrt(
    treatment.varianceOfMean / control.mean ** 2 +
      (ratio * ratio * control.varianceOfMean) / control.mean ** 2,
  );
  return {
    absolute,
    relative: {
      estimate: ratio - 1,
      lower: ratio - 1 - criticalValue * relativeSe,
      upper: ratio - 1 + criticalValue * relativeSe,
    },
  };
}
