import { describe, expect, it } from 'vitest';
import type { Flag } from '../api/types.ts';
import { draftFromFlag, draftProblems, filtersFromDraft, newDraft } from './flag-draft.ts';

describe('flag drafts', () => {
  it('write PostHog filters: person conditions, cohort targeting and a payload as JSON text', () => {
    const draft = {
      ...newDraft(),
      key: 'new-dashboard',
      payload: '{"color": "blue"}',
      conditions: [
        {
          rollout: 50,
          filters: [
            {
              type: 'person' as const,
              key: 'is_admin',
              valueType: 'boolean' as const,
              operator: 'exact',
              value: 'true',
            },
            { type: 'cohort' as const, key: 'id', valueType: 'string' as const, operator: 'in', value: '7' },
          ],
        },
      ],
    };
    expect(draftProblems(draft)).toEqual({});
    expect(filtersFromDraft(draft)).toEqual({
      groups: [
        {
          rollout_percentage: 50,
          properties: [
            { key: 'is_admin', type: 'person', operator: 'exact', value: ['true'] },
            { key: 'id', type: 'cohort', operator: 'in', value: 7 },
          ],
        },
      ],
      multivariate: null,
      payloads: { true: '{"color": "blue"}' },
      aggregation_group_type_index: null,
    });
  });

  it('targets group properties when the flag aggregates by a group type', () => {
    const draft = {
      ...newDraft(),
      key: 'docker-only',
      aggregation: 1,
      conditions: [
        {
          rollout: 100,
          filters: [
            {
              type: 'person' as const,
              key: 'deployment_method',
              valueType: 'string' as const,
              operator: 'exact',
              value: 'docker',
            },
          ],
        },
      ],
    };
    expect(filtersFromDraft(draft).groups[0]?.properties[0]).toEqual({
      key: 'deployment_method',
      type: 'group',
      group_type_index: 1,
      operator: 'exact',
      value: ['docker'],
    });
  });

  it('refuses variants that do not add up to 100 and payloads that are not JSON', () => {
    const draft = { ...newDraft(), key: 'mv', multivariate: true };
    expect(draftProblems(draft)).toEqual({});
    draft.variants = [
      { key: 'a', name: '', rollout: 60, payload: '' },
      { key: 'b', name: '', rollout: 30, payload: '{oops' },
    ];
    const problems = draftProblems(draft);
    expect(problems.variants).toMatch(/add up to 90%/);
    expect(problems['variant-1-payload']).toMatch(/not valid JSON/);
    expect(draftProblems({ ...newDraft(), key: 'bad key!' }).key).toBeDefined();
  });

  it('round-trips a stored flag', () => {
    const flag: Flag = {
      id: 1,
      key: 'colors',
      name: 'Colors',
      active: true,
      version: 3,
      created_by: null,
      created_at: '',
      updated_at: '',
      filters: {
        groups: [
          { properties: [{ key: 'plan', type: 'person', operator: 'gt', value: 3 }], rollout_percentage: 25 },
        ],
        multivariate: { variants: [{ key: 'red', rollout_percentage: 100 }] },
        payloads: { red: { hex: '#f00' } },
      },
    };
    const draft = draftFromFlag(flag);
    expect(draft.conditions[0]?.filters[0]).toMatchObject({
      valueType: 'number',
      operator: 'gt',
      value: '3',
    });
    expect(draft.variants[0]?.payload).toBe('{"hex":"#f00"}');
    expect(filtersFromDraft(draft).groups).toEqual(flag.filters.groups);
  });
});
