import { describe, expect, it } from 'vitest';
import { describeValue, rolloutSummary } from './rollout-summary.ts';

describe('rollout summaries', () => {
  it('say who gets the flag in words', () => {
    expect(rolloutSummary({ groups: [{ properties: [], rollout_percentage: 10 }] })).toBe('10% of everyone');
    expect(
      rolloutSummary({
        groups: [{ properties: [{ key: 'a', type: 'person', value: 1 }], rollout_percentage: null }],
        multivariate: {
          variants: [
            { key: 'a', rollout_percentage: 50 },
            { key: 'b', rollout_percentage: 50 },
          ],
        },
      }),
    ).toBe('2 variants · 100% of users matching 1 filter');
    expect(rolloutSummary({ groups: [] })).toMatch(/nobody/);
  });

  it('describe history values by field', () => {
    expect(describeValue('filters', { groups: [{ properties: [], rollout_percentage: 50 }] })).toBe(
      '50% of everyone',
    );
    expect(describeValue('active', false)).toBe('disabled');
    expect(describeValue('name', '')).toBe('—');
    expect(describeValue('tags', ['a'])).toBe('["a"]');
  });
});
