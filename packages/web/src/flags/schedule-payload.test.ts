import { describe, expect, it } from 'vitest';
import type { FlagFilters } from '../api/types.ts';
import { emptyDraft, payloadOf } from './schedule-payload.ts';

const filters: FlagFilters = {
  groups: [{ properties: [], rollout_percentage: 100 }],
  multivariate: {
    variants: [
      { key: 'control', rollout_percentage: 50 },
      { key: 'test', rollout_percentage: 50 },
    ],
  },
  payloads: { control: '"blue"' },
};

describe('the Schedule card’s payloads', () => {
  it('starts the split from the flag’s and refuses one that does not add up to 100%', () => {
    const draft = emptyDraft(filters);
    expect(draft.split).toEqual({ control: 50, test: 50 });
    expect(payloadOf('variants', { ...draft, split: { control: 30, test: 30 } }, filters)).toEqual({
      error: 'The variant split adds up to 60%, not 100%.',
    });
    expect(payloadOf('variants', { ...draft, split: { control: 30, test: 70 } }, filters)).toMatchObject({
      operation: 'update_variants',
      value: {
        variants: [
          { key: 'control', rollout_percentage: 30 },
          { key: 'test', rollout_percentage: 70 },
        ],
      },
    });
  });

  it('replaces one payload and keeps the others; text that is not JSON is refused', () => {
    const draft = { ...emptyDraft(filters), payloadKey: 'test' };
    expect(payloadOf('payload', { ...draft, payloadText: 'red' }, filters)).toHaveProperty('error');
    expect(payloadOf('payload', { ...draft, payloadText: '"red"' }, filters)).toEqual({
      operation: 'update_payloads',
      value: { control: '"blue"', test: '"red"' },
    });
  });

  it('adds a condition on a person property, and needs the property named', () => {
    const draft = { ...emptyDraft(filters), conditionValue: 'pro', conditionRollout: 25 };
    expect(payloadOf('condition', draft, filters)).toHaveProperty('error');
    expect(payloadOf('condition', { ...draft, conditionProperty: 'plan' }, filters)).toEqual({
      operation: 'add_release_condition',
      value: {
        groups: [
          {
            properties: [{ key: 'plan', value: 'pro', operator: 'exact', type: 'person' }],
            rollout_percentage: 25,
          },
        ],
      },
    });
  });
});
