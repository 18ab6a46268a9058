import { normalCdf, normalQuantile } from '../special/normal-distribution.ts';

/**
 * Planning formulas for the two-sided two-proportion z-test with pooled variance under H₀ (Fleiss, Levin &
 * Paik, "Statistical Methods for Rates and Proportions" 3rd ed., eq. 4.14 without continuity correction):
 *
 *   n per arm = [z_{1−α/2} √(2 p̄ q̄) + z_{1−β} √(p₁q₁ + p₂q₂)]² / (p₂ − p₁)²,   p̄ = (p₁ + p₂)/2.
 *
 * Both tails are counted in the power, so it is exact for the normal approximation the test itself uses.
 */
export interface ProportionPlan {
  baselineRate: number;
  treatmentRate: number;
  alpha: number;
}

export function sampleSizePerArm(plan: ProportionPlan & { power: number }): number {
  const { baselineRate: p1, treatmentRate: p2, alpha, power } = plan;
  const pBar = (p1 + p2) / 2;
  const null_ = normalQuantile(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar));
  const alt = normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((null_ + alt) ** 2 / (p2 - p1) ** 2);
}

export function powerAtSampleSize(plan: ProportionPlan & { unitsPerArm: number }): number {
  const { baselineRate: p1, treatmentRate: p2, alpha, unitsPerArm: n } = plan;
  const pBar = (p1 + p2) / 2;
  const nullSe = Math.sqrt((2 * pBar * (1 - pBar)) / n);
  const altSe = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
  const critical = normalQuantile(1 - alpha / 2) * nullSe;
  const delta = p2 - p1;
  return normalCdf((delta - critical) / altSe) + normalCdf((-delta - critical) / altSe);
}
