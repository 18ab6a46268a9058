import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import type { Definitions, EvaluationContext, FlagDefinition } from './types.ts';

// evaluate() compiles each flag object once; these check that reusing the compiled form across calls
// never changes an answer.

function answer(flag: FlagDefinition, context: Partial<EvaluationContext>): unknown {
  const definitions: Definitions = { flags: [flag] };
  const result = evaluate(flag, definitions, {
    distinctId: 'user-1',
    now: new Date(0),
    mode: 'server',
    ...context,
  });
  return result.inconclusive ? 'inconclusive' : result.value;
}

describe('compiled flags', () => {
  it('reads a naive filter date in each call’s timezone, whatever the previous call used', () => {
    const flag: FlagDefinition = {
      key: 'tz',
      active: true,
      filters: {
        groups: [
          {
            properties: [{ key: 'seen', operator: 'is_date_before', value: '2024-01-01 00:00' }],
            rollout_percentage: 100,
          },
        ],
      },
    };
    const personProperties = { seen: '2023-12-31T23:30:00Z' };
    const zones = ['UTC', 'Europe/Paris', undefined, 'America/New_York', 'Europe/Paris', 'UTC'];
    const reused = zones.map((timezone) =>
      answer(flag, { personProperties, ...(timezone ? { timezone } : {}) }),
    );
    // Midnight in Paris is 23:00 UTC, so 23:30 UTC is after it; in UTC and New York it is before.
    expect(reused).toEqual([true, false, true, true, false, true]);
  });

  it('notices a flag whose filters or key were replaced on the same object', () => {
    const flag: FlagDefinition = {
      key: 'swap',
      active: true,
      filters: { groups: [{ properties: [{ key: 'plan', value: 'pro' }], rollout_percentage: 100 }] },
    };
    const personProperties = { plan: 'free' };
    expect(answer(flag, { personProperties })).toBe(false);
    flag.filters = { groups: [{ properties: [{ key: 'plan', value: 'free' }], rollout_percentage: 100 }] };
    expect(answer(flag, { personProperties })).toBe(true);

    flag.filters = { groups: [{ properties: [], rollout_percentage: 50 }] };
    const ids = Array.from({ length: 200 }, (_, i) => `id-${i}`);
    const before = ids.map((distinctId) => answer(flag, { distinctId }));
    flag.key = 'swap-renamed';
    const after = ids.map((distinctId) => answer(flag, { distinctId }));
    // The rollout hashes `<key>.<id>`, so a new key must move some people.
    expect(after).not.toEqual(before);
    expect(after).toEqual(ids.map((distinctId) => answer({ ...flag }, { distinctId })));
  });
});
