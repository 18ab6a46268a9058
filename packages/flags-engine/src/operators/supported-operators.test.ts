import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import type { FlagDefinition } from '../types.ts';
import { PROPERTY_OPERATORS } from './supported-operators.ts';

describe('PROPERTY_OPERATORS', () => {
  it('lists only operators the engine evaluates (none is unknown to it)', () => {
    for (const operator of PROPERTY_OPERATORS) {
      const flag: FlagDefinition = {
        key: 'f',
        active: true,
        filters: { groups: [{ properties: [{ key: 'p', operator, value: '1' }], rollout_percentage: 100 }] },
      };
      const result = evaluate(
        flag,
        { flags: [flag] },
        { distinctId: 'd', personProperties: { p: '1' }, now: new Date(0), mode: 'local' },
      );
      expect(result.inconclusive === true && result.reason.code === 'unknown_operator', operator).toBe(false);
    }
  });
});
