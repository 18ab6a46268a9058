import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { evaluateAll } from './evaluate-all.ts';
import type { Definitions, EvaluationContext, FlagDefinition } from './types.ts';

/** Lookups by user strings that a plain object would answer from Object.prototype. */
const now = new Date('2024-06-15T12:00:00Z');
const context: EvaluationContext = { distinctId: 'user-1', now, mode: 'server' };

const multivariate = (key: string, variant: string, payloads: Record<string, string>): FlagDefinition => ({
  id: 1,
  key,
  active: true,
  filters: {
    groups: [{ properties: [], rollout_percentage: null, variant }],
    multivariate: {
      variants: [
        { key: 'constructor', rollout_percentage: 50 },
        { key: 'toString', rollout_percentage: 50 },
      ],
    },
    payloads,
  },
});

describe('keys named like Object.prototype members', () => {
  it('gives a variant named constructor no payload when it has none, instead of Object', () => {
    const flag = multivariate('f', 'constructor', { toString: '"t"' });
    const result = evaluate(flag, { flags: [flag] }, context);
    expect(result).toMatchObject({ value: 'constructor', payload: undefined, payloadRaw: undefined });
  });

  it('answers evaluateAll lookups of absent keys with undefined', () => {
    const flag = multivariate('f', 'toString', {});
    const all = evaluateAll({ flags: [flag] }, context);
    expect(all.constructor).toBeUndefined();
    expect(all.toString).toBeUndefined();
    expect(Object.keys(all)).toEqual(['f']);
  });

  it('does not read a group type named constructor from Object.prototype', () => {
    const flag: FlagDefinition = {
      id: 1,
      key: 'g',
      active: true,
      filters: {
        groups: [{ properties: [{ key: 'name', value: 'Object', type: 'group', group_type_index: 0 }] }],
      },
    };
    const definitions: Definitions = { flags: [flag], group_type_mapping: { '0': 'constructor' } };
    const result = evaluate(flag, definitions, { ...context, groups: {}, groupProperties: {} });
    expect(result).toMatchObject({ value: false });
  });

  it('treats a cohort id of toString as a cohort missing from the definitions', () => {
    const flag: FlagDefinition = {
      id: 1,
      key: 'c',
      active: true,
      filters: { groups: [{ properties: [{ key: 'id', type: 'cohort', value: 'toString' }] }] },
    };
    const result = evaluate(flag, { flags: [flag], cohorts: {} }, context);
    expect(result).toMatchObject({ inconclusive: true, reason: { code: 'cohort_not_found' } });
  });
});
