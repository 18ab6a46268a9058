import { describe, expect, it } from 'vitest';
import type { GuardrailSpec, InsightAlertSpec } from './alert.ts';
import { judgeGuardrail, judgeSeries } from './alert-verdict.ts';

const spec = (over: Partial<InsightAlertSpec>): InsightAlertSpec => ({
  kind: 'insight',
  insightId: 1,
  seriesIndex: 0,
  condition: 'absolute_value',
  thresholdType: 'absolute',
  lower: null,
  upper: null,
  ...over,
});

describe('judgeSeries reads the latest complete interval (the one before the last)', () => {
  it('compares the value with its bounds, ignoring the interval under way', () => {
    expect(judgeSeries(spec({ upper: 5 }), [0, 9, 6, 100])).toMatchObject({ value: 6, firing: true });
    expect(judgeSeries(spec({ upper: 5 }), [0, 9, 5, 100])).toMatchObject({ value: 5, firing: false });
    expect(judgeSeries(spec({ lower: 2 }), [7, 1, 9])).toMatchObject({ value: 1, firing: true });
    expect(judgeSeries(spec({ upper: 5 }), [3])).toBe('the insight has no complete interval yet');
  });

  it('measures increases and decreases against the interval before, as numbers or fractions', () => {
    const up = spec({ condition: 'relative_increase', thresholdType: 'percentage', upper: 0.5 });
    expect(judgeSeries(up, [10, 16, 0])).toMatchObject({ value: 0.6, firing: true });
    expect(judgeSeries(up, [10, 14, 0])).toMatchObject({ firing: false });
    expect(judgeSeries(up, [0, 3, 0])).toMatchObject({ value: 3, firing: true });
    const down = spec({ condition: 'relative_decrease', thresholdType: 'absolute', upper: 4 });
    expect(judgeSeries(down, [10, 5, 0])).toMatchObject({ value: 5, firing: true });
    expect(judgeSeries(down, [10, 12, 0])).toMatchObject({ value: -2, firing: false });
    expect(judgeSeries(down, [5, 0])).toBe('the insight has no previous interval to compare with');
  });
});

describe('judgeGuardrail', () => {
  const g: GuardrailSpec = {
    kind: 'guardrail',
    flagId: 1,
    event: '$exception',
    denominatorEvent: '$pageview',
    upper: 0.02,
    windowMinutes: 60,
    critical: true,
  };
  it('fails once the rate is not below the line, and treats no traffic as no errors', () => {
    expect(judgeGuardrail(g, 2, 100)).toMatchObject({ value: 0.02, firing: true });
    expect(judgeGuardrail(g, 1, 100)).toMatchObject({ value: 0.01, firing: false });
    expect(judgeGuardrail(g, 0, 0)).toMatchObject({ value: 0, firing: false });
    expect(judgeGuardrail({ ...g, denominatorEvent: null, upper: 3 }, 3, null)).toMatchObject({
      value: 3,
      firing: true,
    });
  });
});
