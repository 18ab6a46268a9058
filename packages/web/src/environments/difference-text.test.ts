import { describe, expect, it } from 'vitest';
import { differenceRows, fieldLabel, valueLines } from './difference-text.ts';

describe('environment differences as text', () => {
  it('names fields as the flag page does, and keeps unknown ones', () => {
    expect(fieldLabel('filters.groups')).toBe('Release conditions');
    expect(fieldLabel('filters.super_groups')).toBe('filters.super_groups');
  });

  it('writes each release condition on its own line', () => {
    const groups = [
      { properties: [], rollout_percentage: 50 },
      {
        properties: [
          { key: 'email', type: 'person', operator: 'icontains', value: ['@acme.com', '@ex.com'] },
        ],
        rollout_percentage: null,
        variant: 'test',
      },
      { properties: [{ key: 'id', type: 'cohort', value: 7 }], rollout_percentage: 10 },
    ];
    expect(valueLines('filters.groups', groups)).toEqual([
      'Set 1: 50% of everyone',
      'Set 2: 100% of email icontains @acme.com or @ex.com → test',
      'Set 3: 10% of in cohort #7',
    ]);
    expect(valueLines('filters.groups', [])).toEqual(['no conditions (nobody)']);
  });

  it('shows the switch, variant split, payloads and holdout', () => {
    expect(valueLines('active', true)).toEqual(['on']);
    expect(valueLines('active', false)).toEqual(['off']);
    const split = {
      variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'test', rollout_percentage: 50 },
      ],
    };
    expect(valueLines('filters.multivariate', split)).toEqual(['control: 50%', 'test: 50%']);
    expect(valueLines('filters.payloads', { true: '{"a":1}', control: { b: 2 } })).toEqual([
      'true: {"a":1}',
      'control: {"b":2}',
    ]);
    expect(valueLines('filters.holdout', { id: 3, exclusion_percentage: 10 })).toEqual([
      '10% held out (holdout #3)',
    ]);
    expect(valueLines('filters.multivariate', null)).toEqual(['—']);
  });

  it('turns a server diff into from/to rows in order', () => {
    const rows = differenceRows([
      { field: 'active', from: true, to: false },
      { field: 'filters.groups', from: [{ properties: [], rollout_percentage: 100 }], to: [] },
    ]);
    expect(rows).toEqual([
      { field: 'active', label: 'Enabled', from: ['on'], to: ['off'] },
      {
        field: 'filters.groups',
        label: 'Release conditions',
        from: ['Set 1: 100% of everyone'],
        to: ['no conditions (nobody)'],
      },
    ]);
  });
});
