import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from './flag-definition.ts';
import { mergeEnvironments } from './merge-environments.ts';

const flag = (key: string, extra: Partial<FlagDefinition> = {}): FlagDefinition => ({
  key,
  name: key,
  active: true,
  variants: undefined,
  payloads: {},
  ...extra,
});
const production = { id: 1, name: 'production' };
const staging = { id: 2, name: 'staging' };

describe('mergeEnvironments', () => {
  it('unites variants and payload types, and names what differs', () => {
    const merged = mergeEnvironments([
      {
        environment: production,
        flags: [
          flag('test', { variants: ['control', 'b'], payloads: { control: '{"n":1}' } }),
          flag('only-prod'),
        ],
      },
      {
        environment: staging,
        flags: [
          flag('test', { variants: ['control', 'c'], payloads: { control: '"text"' }, active: false }),
          flag('plain', { payloads: {} }),
        ],
      },
    ]);
    const test = merged.flags.find((f) => f.key === 'test');
    expect(test).toMatchObject({ variants: ['control', 'b', 'c'], inactiveIn: ['staging'] });
    expect(test?.payloadTypes).toEqual(['{\n    n: number;\n  }', 'string']);
    expect([...merged.missing]).toEqual([
      ['only-prod', ['staging']],
      ['plain', ['production']],
    ]);
    expect([...merged.switchedOff]).toEqual([['staging', ['test']]]);
    expect(merged.payloadConflicts.get('test')?.map((t) => t.environment)).toEqual(['production', 'staging']);
  });

  it('does not call a payload missing in one environment a conflict', () => {
    const merged = mergeEnvironments([
      { environment: production, flags: [flag('f', { payloads: { true: '{"a":1}' } })] },
      { environment: staging, flags: [flag('f')] },
    ]);
    expect(merged.payloadConflicts.size).toBe(0);
    expect(merged.missing.size).toBe(0);
    expect(merged.flags[0]?.payloadTypes).toHaveLength(1);
  });
});
