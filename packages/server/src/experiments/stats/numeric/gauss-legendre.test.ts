import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf } from '../special/normal-distribution.ts';
import { integrateVector } from './gauss-legendre.ts';

describe('integrateVector', () => {
  it('integrates polynomials exactly and several components at once', () => {
    const result = integrateVector((x) => [1, x ** 5, x ** 23], [0, 1], 3, 1e-13);
    expect(result[0]).toBeCloseTo(1, 14);
    expect(result[1]).toBeCloseTo(1 / 6, 14);
    expect(result[2]).toBeCloseTo(1 / 24, 13);
  });

  it('handles peaked and long-tailed integrands over uneven panels', () => {
    // ∫ φ = 1 and ∫ x²φ = 1 over ±40; E[max(Z₁, Z₂)] = 1/√π for two independent standard normals.
    const integral = integrateVector(
      (x) => [normalPdf(x), x * x * normalPdf(x), 1 - normalCdf(x) ** 2],
      [-40, -8, -2, 0, 2, 8, 40],
      3,
      1e-12,
    );
    expect(integral[0]).toBeCloseTo(1, 12);
    expect(integral[1]).toBeCloseTo(1, 11);
    expect(integral[2]! - 40).toBeCloseTo(1 / Math.sqrt(Math.PI), 10);
    // A spike of width 1e-4 is found once breakpoints resolve its scale — which is why callers place them at
    // every posterior's mean ± a few standard deviations; otherwise no sample may land on it at all.
    const spike = (x: number) => [normalPdf((x - 0.3) / 1e-4) / 1e-4];
    const around = [-8, -3, -1, 0, 1, 3, 8].map((k) => 0.3 + k * 1e-4);
    expect(integrateVector(spike, [0, ...around, 1], 1, 1e-10)[0]).toBeCloseTo(1, 9);
    expect(integrateVector(spike, [0, 0.25, 1], 1, 1e-10)[0]).toBeLessThan(1e-6);
  });
});
