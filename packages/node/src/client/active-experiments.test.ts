import { describe, expect, it } from 'vitest';
import type { FlagValue } from '../client-api.ts';
import { activeExperiments } from './active-experiments.ts';
import type { FlagOutcome } from './flag-outcome.ts';

// Which answers count as experiments, with and without the server's has_experiment marker.

const outcome = (key: string, value: FlagValue, hasExperiment?: boolean): FlagOutcome => ({
  key,
  value,
  payload: undefined,
  locallyEvaluated: false,
  multivariate: typeof value === 'string',
  ...(hasExperiment === undefined ? {} : { hasExperiment }),
});

describe('activeExperiments', () => {
  it('lists only the flags the server marks, once it marks any flag', () => {
    const outcomes = [
      outcome('running', 'variant-b', true),
      outcome('plain-multivariate', 'control', false),
      outcome('running-not-in', false, true),
      outcome('boolean', true, false),
    ];
    expect(activeExperiments(outcomes)).toEqual({ running: 'variant-b' });
  });

  it('lists nothing when the server marks every flag false', () => {
    expect(activeExperiments([outcome('plain', 'control', false), outcome('b', true, false)])).toEqual({});
  });

  it('falls back to every multivariate flag that gave a variant when the server sends no marker', () => {
    const outcomes = [outcome('a', 'control'), outcome('b', 'test'), outcome('c', true), outcome('d', false)];
    expect(activeExperiments(outcomes)).toEqual({ a: 'control', b: 'test' });
  });
});
