import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../persons/person.ts';
import { type IdentityStores, identityEngines } from './identity-engines.test-kit.ts';
import { IdentityWriter, person } from './identity-writes.test-kit.ts';

const byId = (persons: Person[]) => [...persons].sort((a, b) => (a.id < b.id ? -1 : 1));
const at = (day: number) => new Date(Date.UTC(2025, 0, day, 12, 30, 15, 250));

describe.each(identityEngines())('PersonStore on $name', (engine) => {
  let s: IdentityStores;
  let w: IdentityWriter;
  beforeEach(async () => {
    s = await engine.open();
    w = new IdentityWriter(s);
  });
  afterEach(() => s.close());

  it('finds each person by any of its distinct ids, with all of them in byte order', async () => {
    const ann = person('ann', { properties: { plan: 'pro', n: 1.5 }, isIdentified: true, createdAt: at(2) });
    const bob = person('bob', { createdAt: at(3), version: 4 });
    const other = person('ann', { projectId: 2, id: '00000000-0000-4000-8000-000000000002' });
    await w.write({
      persons: [{ person: ann }, { person: bob }, { person: other }],
      mappings: [
        { distinctId: 'ann', person: ann },
        { distinctId: 'ann@x', person: ann },
        { distinctId: 'Ann2', person: ann },
        { distinctId: 'bob', person: bob },
        { distinctId: 'ann', person: other },
      ],
    });
    const found = await s.persons.findPersonsByDistinctIds(1, ['ann@x', 'bob', 'nobody']);
    expect(byId(found)).toEqual(
      byId([
        { ...ann, distinctIds: ['Ann2', 'ann', 'ann@x'] },
        { ...bob, distinctIds: ['bob'] },
      ]),
    );
    expect(await s.persons.findPersonsByDistinctIds(1, [])).toEqual([]);
    expect(await s.persons.findPersonsByDistinctIds(3, ['ann'])).toEqual([]);
    expect((await s.persons.findPersonsByDistinctIds(2, ['ann'])).map((p) => p.id)).toEqual([other.id]);
  });

  it('after a merge, answers with the surviving person and never the one merged away', async () => {
    const a = person('a', { createdAt: at(1) });
    const b = person('b', { createdAt: at(2), properties: { from: 'b' } });
    await w.write({
      persons: [{ person: a }, { person: b }],
      mappings: [
        { distinctId: 'a', person: a },
        { distinctId: 'b', person: b },
      ],
    });
    const merged = { ...a, version: 1, isIdentified: true, properties: { from: 'b' } };
    await w.write({
      persons: [{ person: merged }, { person: { ...b, version: 1 }, deleted: true }],
      mappings: [{ distinctId: 'b', person: merged }],
    });
    const expected = { ...merged, distinctIds: ['a', 'b'] };
    expect(await s.persons.findPersonsByDistinctIds(1, ['b'])).toEqual([expected]);
    expect(await s.persons.findPersonsByDistinctIds(1, ['a', 'b'])).toEqual([expected]);
    expect(await s.persons.listPersons({ projectId: 1, limit: 10, offset: 0 })).toEqual([expected]);
  });

  it('lists the newest first, in pages, and filters by distinct id', async () => {
    const people = [1, 2, 3, 4, 5].map((d) => person(`u${d}`, { createdAt: at(d) }));
    await w.write({
      persons: people.map((p) => ({ person: p })),
      mappings: people.map((p, i) => ({ distinctId: `u${i + 1}`, person: p })),
    });
    const page = await s.persons.listPersons({ projectId: 1, limit: 2, offset: 1 });
    expect(page.map((p) => p.distinctIds)).toEqual([['u4'], ['u3']]);
    const one = await s.persons.listPersons({ projectId: 1, distinctId: 'u2', limit: 10, offset: 0 });
    expect(one.map((p) => p.id)).toEqual([people[1]?.id]);
    expect(await s.persons.listPersons({ projectId: 1, distinctId: 'u9', limit: 10, offset: 0 })).toEqual([]);
    expect(await s.persons.listPersons({ projectId: 2, limit: 10, offset: 0 })).toEqual([]);
    expect(await s.persons.countPersons({ projectId: 1 })).toBe(5);
    expect(await s.persons.countPersons({ projectId: 1, distinctId: 'u2' })).toBe(1);
    expect(await s.persons.countPersons({ projectId: 1, search: 'U' })).toBe(5);
    expect(await s.persons.countPersons({ projectId: 1, search: 'u3' })).toBe(1);
    expect(await s.persons.countPersons({ projectId: 2 })).toBe(0);
  });

  it('searches a distinct id, the uuid or a property value, ignoring case, with % and _ taken literally', async () => {
    const alice = person('Alice@Example.com', { createdAt: at(3), properties: { name: 'Zoë Ünal' } });
    const deal = person('dealer', { createdAt: at(2), properties: { plan: '100%_off' } });
    const carol = person('carol', { createdAt: at(1), properties: { plan: '100x off' } });
    await w.write({
      persons: [{ person: alice }, { person: deal }, { person: carol }],
      mappings: [
        { distinctId: 'Alice@Example.com', person: alice },
        { distinctId: 'dealer', person: deal },
        { distinctId: 'carol', person: carol },
      ],
    });
    const search = async (text: string) =>
      (await s.persons.listPersons({ projectId: 1, search: text, limit: 10, offset: 0 })).map(
        (p) => p.distinctIds[0],
      );
    expect(await search('EXAMPLE')).toEqual(['Alice@Example.com']);
    expect(await search('üNAL')).toEqual(['Alice@Example.com']);
    expect(await search('100%_')).toEqual(['dealer']);
    expect(await search('c_rol')).toEqual([]);
    expect(await search('%')).toEqual(['dealer']);
    expect(await search(carol.id.slice(9, 23).toUpperCase())).toEqual(['carol']);
    expect(await search('100')).toEqual(['dealer', 'carol']);
  });
});
