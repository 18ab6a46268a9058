import { describe, expect, it } from 'vitest';
import { binomial, multinomial } from '../random/random-variates.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { sampleRatioMismatch } from '../sample-ratio-mismatch.ts';
import { normalCdf, normalQuantile } from '../special/normal-distribution.ts';
import { binomialAcceptance } from './binomial-acceptance.ts';

/**
 * SRM simulations: with correct assignment the p < 0.001 alarm must ring in ≈ 0.1% of experiments; with a real
 * 52/48 imbalance it must ring almost always once n is large enough — and, to show that n matters, rarely at a
 * tenth of that size. Tolerances are binomial ranges (binomial-acceptance.ts) with a 1e-3 false-failure rate.
 */
const DELTA = 0.001;

const expectRate = (count: number, runs: number, rate: number, label: string) => {
  const { lower, upper } = binomialAcceptance(runs, rate, DELTA);
  console.info(
    `${label}: ${count}/${runs} = ${((100 * count) / runs).toFixed(3)}% (expected ${(100 * rate).toFixed(3)}%, accepted ${lower}–${upper})`,
  );
  expect(count).toBeGreaterThanOrEqual(lower);
  expect(count).toBeLessThanOrEqual(upper);
};

/**
 * Probability that the 1-df chi-square test flags a p₁ = ½ + ε split of N configured as 50/50. With
 * Z = (O₁ − N/2)/√(N/4), χ² = Z² and Z ≈ N(2ε√N, 4p₁(1 − p₁)).
 */
function srmPower(total: number, share: number, threshold: number): number {
  const z = normalQuantile(1 - threshold / 2);
  const shift = 2 * (share - 0.5) * Math.sqrt(total);
  const sd = 2 * Math.sqrt(share * (1 - share));
  return normalCdf((shift - z) / sd) + normalCdf((-shift - z) / sd);
}

describe('sample ratio mismatch simulations', () => {
  it('false alarms ≈ 0.1% with a correct 50/50 split (20,000 experiments of 10,000 exposures)', () => {
    const random = seededRandom(6006);
    const runs = 20_000;
    let alarms = 0;
    for (let run = 0; run < runs; run++) {
      const a = binomial(random, 10_000, 0.5);
      if (sampleRatioMismatch([a, 10_000 - a], [50, 50]).alert) alarms++;
    }
    expectRate(alarms, runs, 0.001, 'SRM false alarms, 50/50');
  });

  it('false alarms ≈ 0.1% with a correct uneven three-way split 50/30/20', () => {
    const random = seededRandom(7007);
    const runs = 20_000;
    let alarms = 0;
    for (let run = 0; run < runs; run++) {
      if (sampleRatioMismatch(multinomial(random, 6000, [0.5, 0.3, 0.2]), [50, 30, 20]).alert) alarms++;
    }
    expectRate(alarms, runs, 0.001, 'SRM false alarms, 50/30/20');
  });

  it('flags a real 52/48 imbalance at 20,000 exposures (~99%), rarely at 2,000 (~7%)', () => {
    const random = seededRandom(8008);
    const runs = 1000;
    for (const total of [20_000, 2_000]) {
      let alarms = 0;
      for (let run = 0; run < runs; run++) {
        const a = binomial(random, total, 0.52);
        if (sampleRatioMismatch([a, total - a], [50, 50]).alert) alarms++;
      }
      const expected = srmPower(total, 0.52, 0.001);
      expectRate(alarms, runs, expected, `SRM detection of 52/48 at N = ${total}`);
    }
    expect(srmPower(20_000, 0.52, 0.001)).toBeGreaterThan(0.98);
  });
});
