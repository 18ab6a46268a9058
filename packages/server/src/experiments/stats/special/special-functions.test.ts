import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile } from './beta-distribution.ts';
import { chiSquareQuantile, chiSquareSurvival } from './chi-square-distribution.ts';
import { regularizedBeta } from './incomplete-beta.ts';
import { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';
import { logBeta } from './log-beta.ts';
import { logGamma } from './log-gamma.ts';
import { normalCdf, normalQuantile } from './normal-distribution.ts';
import { studentTCdf, studentTQuantile, studentTTwoSided } from './student-t-distribution.ts';

/** Relative error, falling back to absolute near zero. */
const relErr = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

describe('log-gamma', () => {
  it('matches factorials and the half-integer closed form Γ(½) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      factorial *= n;
      expect(relErr(logGamma(n + 1), Math.log(factorial))).toBeLessThan(1e-14);
    }
    expect(relErr(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(relErr(logGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2))).toBeLessThan(1e-13);
  });

  it('matches tabulated values (A&S Table 6.1; DLMF 5.4.iii)', () => {
    // Γ(1/3) = 2.6789385347077476337 (A&S 6.1.8 table of Γ(n/3)); Γ(0.001) = 999.4237724845955.
    expect(relErr(Math.exp(logGamma(1 / 3)), 2.678938534707747)).toBeLessThan(1e-14);
    expect(relErr(Math.exp(logGamma(0.001)), 999.4237724845955)).toBeLessThan(1e-13);
    // Stirling's series at 1e6 (DLMF 5.11.1): (x − ½) ln x − x + ½ ln 2π + 1/(12x).
    const x = 1e6;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
    expect(relErr(logGamma(x), stirling)).toBeLessThan(1e-15);
    expect(logGamma(0)).toBeNaN();
  });
});

describe('regularised incomplete beta', () => {
  it('equals a binomial tail: I_p(k, n−k+1) = P(Bin(n, p) ≥ k)', () => {
    const binomialTail = (n: number, p: number, k: number) => {
      let sum = 0;
      let coefficient = 1;
      for (let j = 0; j <= n; j++) {
        if (j >= k) sum += coefficient * p ** j * (1 - p) ** (n - j);
        coefficient = (coefficient * (n - j)) / (j + 1);
      }
      return sum;
    };
    for (const [n, p, k] of [
      [4, 0.4, 2],
      [30, 0.1, 7],
      [60, 0.7, 30],
      [100, 0.02, 1],
    ] as const) {
      expect(relErr(regularizedBeta(p, k, n - k + 1), binomialTail(n, p, k))).toBeLessThan(1e-12);
    }
    expect(regularizedBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 14);
  });

  it('matches closed forms: arcsine law, power laws, symmetry', () => {
    for (const x of [1e-6, 0.1, 0.5, 0.9, 0.999]) {
      expect(relErr(regularizedBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)))).toBeLessThan(
        1e-13,
      );
      expect(relErr(regularizedBeta(x, 3.7, 1), x ** 3.7)).toBeLessThan(1e-13);
      expect(relErr(regularizedBeta(x, 1, 2.5), -Math.expm1(2.5 * Math.log1p(-x)))).toBeLessThan(1e-12);
    }
    // The front factor's exponent is ~a ln x ≈ 7e3 here, so ~1e-12 is the attainable accuracy.
    expect(regularizedBeta(0.5, 5000, 5000)).toBeCloseTo(0.5, 12);
  });

  it('handles A/B-sized parameters (10⁵ trials) consistently with its own quantile', () => {
    const [a, b] = [1_201, 98_801];
    for (const p of [1e-10, 0.025, 0.5, 0.975]) {
      expect(relErr(betaCdf(betaQuantile(p, a, b), a, b), p)).toBeLessThan(1e-10);
    }
  });
});

describe('incomplete gamma and chi-square', () => {
  it('P + Q = 1 and P(1, x) = 1 − e^{−x}', () => {
    for (const x of [0.01, 1, 5, 40]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
      expect(relErr(regularizedGammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-13);
      expect(regularizedGammaP(3.3, x) + regularizedGammaQ(3.3, x)).toBeCloseTo(1, 15);
    }
  });

  it('matches chi-square table values (A&S Table 26.8)', () => {
    // χ²₁ at 3.841458820694124 has tail 0.05; χ²₁,0.999 = 10.827566170662733; χ²₁₀,0.95 = 18.307038053275146.
    expect(relErr(chiSquareSurvival(3.841458820694124, 1), 0.05)).toBeLessThan(1e-12);
    expect(relErr(chiSquareQuantile(0.999, 1), 10.827566170662733)).toBeLessThan(1e-10);
    expect(relErr(chiSquareQuantile(0.95, 10), 18.307038053275146)).toBeLessThan(1e-10);
    // Even df have a closed-form tail: Q(χ²₂ > x) = e^{−x/2}.
    expect(relErr(chiSquareSurvival(60, 2), Math.exp(-30))).toBeLessThan(1e-12);
  });
});

describe('normal distribution', () => {
  it('matches A&S Table 26.1 and Φ⁻¹ known quantiles', () => {
    expect(relErr(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relErr(normalCdf(-1), 0.15865525393145707)).toBeLessThan(1e-14);
    // Far tail: Φ(−8) = 6.220960574271784e-16 (keeps relative precision).
    expect(relErr(normalCdf(-8), 6.220960574271784e-16)).toBeLessThan(1e-12);
    expect(relErr(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-15);
    expect(relErr(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-14);
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-16);
  });

  it('round-trips Φ(Φ⁻¹(p)) = p across 1e-300 … 1 − 1e-12', () => {
    // Near 1e-300 the conditioning itself is ~x²·ε ≈ 1e-13, so allow that.
    for (const p of [1e-300, 1e-50, 1e-8, 0.001, 0.2, 0.5, 0.8, 0.999, 1 - 1e-12]) {
      expect(relErr(normalCdf(normalQuantile(p)), p)).toBeLessThan(p < 1e-100 ? 1e-12 : 1e-13);
    }
  });
});

describe('Student t distribution', () => {
  it('matches t-table critical values (A&S Table 26.10)', () => {
    const table: [number, number, number][] = [
      [1, 0.975, 12.706204736174694],
      [2, 0.975, 4.302652729749462],
      [3, 0.975, 3.1824463052837078],
      [10, 0.975, 2.228138851986274],
      [30, 0.975, 2.0422724563012378],
      [1000, 0.975, 1.9623390808264083],
      [10, 0.995, 3.16927267261695],
      [30, 0.995, 2.7499956535672254],
    ];
    for (const [df, p, t] of table) expect(relErr(studentTQuantile(p, df), t)).toBeLessThan(1e-12);
  });

  it('has the exact Cauchy CDF at ν = 1 and tends to Φ as ν grows', () => {
    for (const t of [-30, -1, 0.3, 4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
    }
    // Deep Cauchy tail: P(T ≤ t) ≈ 1/(π|t|), so the 1e-10 quantile is ≈ −1/(π·1e-10).
    expect(relErr(studentTQuantile(1e-10, 1), -1 / (Math.PI * 1e-10))).toBeLessThan(1e-12);
    expect(studentTCdf(1.96, 1e9)).toBeCloseTo(normalCdf(1.96), 8);
    expect(relErr(studentTTwoSided(2.228138851986274, 10), 0.05)).toBeLessThan(1e-12);
    // Fractional ν, as Welch–Satterthwaite produces: round trip.
    expect(relErr(studentTCdf(studentTQuantile(0.01, 17.9003), 17.9003), 0.01)).toBeLessThan(1e-12);
  });
});

describe('log-beta', () => {
  it('B(a, b) = Γ(a)Γ(b)/Γ(a+b)', () => {
    expect(relErr(Math.exp(logBeta(2, 3)), 1 / 12)).toBeLessThan(1e-14);
    expect(relErr(Math.exp(logBeta(0.5, 0.5)), Math.PI)).toBeLessThan(1e-14);
  });

  it('keeps precision for huge arguments, where ln Γ terms are ~10⁷ and would cancel', () => {
    // B(a, 1) = 1/a exactly, and B(a, 2) = 1/(a(a+1)).
    for (const a of [12, 1e3, 1e6, 1e9]) {
      expect(relErr(logBeta(a, 1), -Math.log(a))).toBeLessThan(1e-14);
      expect(relErr(logBeta(a, 2), -Math.log(a) - Math.log(a + 1))).toBeLessThan(1e-14);
    }
    // Symmetric large case against the Stirling leading term ½ln(2π) + (2a − 1) ln ½ − ½ ln(2a) + O(1/a).
    const a = 1e7;
    const lead = 0.5 * Math.log(2 * Math.PI) + (2 * a - 1) * Math.log(0.5) - 0.5 * Math.log(2 * a);
    expect(Math.abs(logBeta(a, a) - lead)).toBeLessThan(1e-7);
  });
});
