import { describe, expect, it } from 'vitest';
import {
  createBody,
  evenSplit,
  experimentProblems,
  newExperimentDraft,
  newMetric,
} from './experiment-draft.ts';

const valid = () => ({
  ...newExperimentDraft(),
  name: 'Export button',
  flagKey: 'export-button',
  primary: { ...newMetric('conversion'), event: 'export.csv' },
});

describe('experiment draft', () => {
  it('accepts a complete draft and builds PostHog-shaped metrics', () => {
    const d = {
      ...valid(),
      secondary: [
        { ...newMetric('count'), event: 'timer.started' },
        {
          ...newMetric('sum'),
          event: 'purchase',
          property: 'amount',
          windowDays: '14',
          goal: 'decrease' as const,
        },
      ],
      holdout: '10',
    };
    expect(experimentProblems(d)).toEqual({});
    const body = createBody(d);
    expect(body.feature_flag_key).toBe('export-button');
    expect(body.parameters.feature_flag_variants).toEqual([
      { key: 'control', rollout_percentage: 50 },
      { key: 'test', rollout_percentage: 50 },
    ]);
    expect(body.metrics[0]).toMatchObject({
      metric_type: 'funnel',
      series: [{ event: 'export.csv' }],
      conversion_window: 7,
    });
    expect(body.metrics_secondary[0]).toMatchObject({ metric_type: 'mean', source: { math: 'total' } });
    expect(body.metrics_secondary[0]).not.toHaveProperty('conversion_window');
    expect(body.metrics_secondary[1]).toMatchObject({
      goal: 'decrease',
      conversion_window: 14,
      source: { event: 'purchase', math: 'sum', math_property: 'amount' },
    });
    expect(body.holdout).toEqual({ exclusion_percentage: 10 });
  });

  it('refuses a split that does not add to 100, a missing control, and a sum without a property', () => {
    const d = valid();
    expect(
      experimentProblems({
        ...d,
        variants: [
          { key: 'control', rollout: 50 },
          { key: 'test', rollout: 40 },
        ],
      }),
    ).toEqual({ variants: 'The split adds to 90%, not 100%.' });
    expect(
      experimentProblems({
        ...d,
        variants: [
          { key: 'a', rollout: 50 },
          { key: 'b', rollout: 50 },
        ],
      }),
    ).toHaveProperty('variants');
    expect(experimentProblems({ ...d, primary: { ...newMetric('sum'), event: 'purchase' } })).toHaveProperty(
      'primary-property',
    );
    expect(experimentProblems({ ...d, holdout: '100' })).toHaveProperty('holdout');
  });

  it('links an existing flag without sending variants', () => {
    const d = { ...valid(), flagMode: 'existing' as const, existingFlagKey: 'old-flag' };
    expect(experimentProblems(d)).toEqual({});
    expect(createBody(d)).toMatchObject({ feature_flag_key: 'old-flag', parameters: {} });
  });

  it('splits evenly to exactly 100, the remainder on the control', () => {
    expect(evenSplit(['control', 'a', 'b']).map((v) => v.rollout)).toEqual([34, 33, 33]);
    expect(evenSplit(['control', 'a', 'b', 'c', 'd', 'e', 'f']).reduce((s, v) => s + v.rollout, 0)).toBe(100);
  });
});
