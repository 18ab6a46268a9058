import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group } from '../../groups/group.ts';
import { type IdentityStores, identityEngines } from './identity-engines.test-kit.ts';
import { IdentityWriter } from './identity-writes.test-kit.ts';

const at = (day: number) => new Date(Date.UTC(2025, 1, day, 8, 0, 0, 125));
const group = (groupTypeIndex: number, groupKey: string, day: number, over: Partial<Group> = {}): Group => ({
  projectId: 1,
  groupTypeIndex,
  groupKey,
  properties: {},
  createdAt: at(day),
  version: 0,
  ...over,
});
const keys = (groups: Group[]) => groups.map((g) => g.groupKey);

describe.each(identityEngines())('GroupStore on $name', (engine) => {
  let s: IdentityStores;
  let w: IdentityWriter;
  beforeEach(async () => {
    s = await engine.open();
    w = new IdentityWriter(s);
  });
  afterEach(() => s.close());

  it('lists group types of one project or of all, by project and index', async () => {
    const types = [
      { projectId: 1, groupType: 'company', groupTypeIndex: 0, createdAt: at(1) },
      { projectId: 1, groupType: 'team', groupTypeIndex: 1, createdAt: at(2) },
      { projectId: 2, groupType: 'team', groupTypeIndex: 0, createdAt: at(3) },
    ];
    await w.write({ groupTypes: types.slice(0, 1) });
    await w.write({ groupTypes: types.slice(1) });
    expect(await s.groups.listGroupTypes()).toEqual(types);
    expect(await s.groups.listGroupTypes(2)).toEqual(types.slice(2));
    expect(await s.groups.listGroupTypes(3)).toEqual([]);
  });

  it('finds groups by type and key, with their newest properties', async () => {
    const acme = group(0, 'acme', 1, { properties: { plan: 'free' } });
    await w.write({
      groups: [acme, group(1, 'acme', 2), group(0, 'globex', 3), group(0, 'acme', 4, { projectId: 2 })],
    });
    const renamed = { ...acme, properties: { plan: 'pro', seats: 3 }, version: 1 };
    await w.write({ groups: [renamed] });
    const found = await s.groups.findGroups(1, [
      { groupTypeIndex: 0, groupKey: 'acme' },
      { groupTypeIndex: 1, groupKey: 'acme' },
      { groupTypeIndex: 2, groupKey: 'acme' },
      { groupTypeIndex: 0, groupKey: 'nope' },
    ]);
    const sorted = [...found].sort((a, b) => a.groupTypeIndex - b.groupTypeIndex);
    expect(sorted).toEqual([renamed, group(1, 'acme', 2)]);
    expect(await s.groups.findGroups(1, [])).toEqual([]);
  });

  it('lists one type newest first, in pages, searching key and properties literally and ignoring case', async () => {
    await w.write({
      groups: [
        group(0, 'Initech', 1, { properties: { city: 'Zürich' } }),
        group(0, 'hooli', 2, { properties: { discount: '50%_now' } }),
        group(0, 'umbrella', 3, { properties: { discount: '50x now' } }),
        group(0, 'pied', 4),
        group(1, 'hooli-team', 5),
      ],
    });
    const list = async (search?: string, limit = 10, offset = 0) =>
      keys(await s.groups.listGroups({ projectId: 1, groupTypeIndex: 0, search, limit, offset }));
    expect(await list()).toEqual(['pied', 'umbrella', 'hooli', 'Initech']);
    expect(await list(undefined, 2, 1)).toEqual(['umbrella', 'hooli']);
    expect(await list('INITECH')).toEqual(['Initech']);
    expect(await list('züRICH')).toEqual(['Initech']);
    expect(await list('50%_')).toEqual(['hooli']);
    expect(await list('p_ed')).toEqual([]);
    expect(await list('HOOLI')).toEqual(['hooli']);
  });
});
