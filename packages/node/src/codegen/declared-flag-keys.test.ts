import { describe, expect, it } from 'vitest';
import { declaredFlagKeys } from './declared-flag-keys.ts';
import { mergeEnvironments } from './merge-environments.ts';
import { renderFlagsModule } from './render-flags-module.ts';

describe('declaredFlagKeys', () => {
  it('reads back every key the renderer wrote, quotes and backslashes included', () => {
    const keys = ['beta', "it's", 'say "hi"', 'back\\slash', "tricky\\'", 'ünï-cödé', '2fa'];
    const flags = keys.map((key) => ({ key, name: '', active: true, variants: undefined, payloads: {} }));
    const merged = mergeEnvironments([{ environment: { id: 1, name: 'production' }, flags }]);
    const text = renderFlagsModule(merged.flags, { source: 'http://x', environmentCount: 1 });
    expect(declaredFlagKeys(text).sort()).toEqual([...keys].sort());
  });

  it('finds nothing in a file this tool did not write', () => {
    expect(declaredFlagKeys("export const FeatureFlags = { A: 'a' } as const;\n")).toEqual([]);
    expect(declaredFlagKeys('')).toEqual([]);
  });
});
