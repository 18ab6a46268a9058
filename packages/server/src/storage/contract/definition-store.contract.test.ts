import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventSighting, PropertySighting } from '../../definitions/definition.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const seen = (name: string, first: string, last: string, count: number, projectId = 1): EventSighting => ({
  projectId,
  name,
  firstSeenAt: at(first),
  lastSeenAt: at(last),
  count,
});
const key = (name: string, more: Partial<PropertySighting> = {}): PropertySighting => ({
  projectId: 1,
  name,
  kind: 'event',
  groupTypeIndex: null,
  propertyType: 'String',
  seenAt: at('2026-01-01T00:00:00Z'),
  ...more,
});
const page = { limit: 100, offset: 0 };

describe.each(stateEngines())('DefinitionStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('merges sightings: earliest first seen, latest last seen, volumes added', async () => {
    await s.definitions.record({
      events: [seen('$pageview', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', 3)],
      properties: [],
    });
    await s.definitions.record({
      events: [
        seen('$pageview', '2026-01-01T00:00:00Z', '2026-01-02T12:00:00.250Z', 2),
        seen('signed_up', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z', 1),
        seen('$pageview', '2026-01-01T00:00:00Z', '2026-01-09T00:00:00Z', 7, 2),
      ],
      properties: [],
    });
    const { total, results } = await s.definitions.listEvents({ projectId: 1, ...page });
    expect(total).toBe(2);
    expect(results.map((d) => [d.name, d.volume, d.firstSeenAt, d.lastSeenAt])).toEqual([
      ['$pageview', 5, at('2026-01-01T00:00:00Z'), at('2026-01-03T00:00:00Z')],
      ['signed_up', 1, at('2026-01-05T00:00:00Z'), at('2026-01-05T00:00:00Z')],
    ]);
    expect(results[0]).toMatchObject({ description: '', verified: false, hidden: false, updatedBy: null });
    const other = await s.definitions.listEvents({ projectId: 2, ...page });
    expect(other.results.map((d) => [d.name, d.volume])).toEqual([['$pageview', 7]]);
    expect(await s.definitions.getEvent(2, results[0]?.id ?? '')).toBeUndefined();
  });

  it('keeps one property per kind and group type, and a type once inferred', async () => {
    await s.definitions.record({
      events: [],
      properties: [
        key('plan', { propertyType: null }),
        key('plan', { kind: 'person', propertyType: 'Numeric' }),
        key('plan', { kind: 'group', groupTypeIndex: 0 }),
        key('plan', { kind: 'group', groupTypeIndex: 1, propertyType: 'Boolean' }),
        key('$browser'),
      ],
    });
    await s.definitions.record({
      events: [],
      properties: [key('plan', { propertyType: 'DateTime' }), key('$browser', { propertyType: 'Numeric' })],
    });
    const all = await s.definitions.listProperties({ projectId: 1, ...page });
    expect(all.results.map((d) => [d.name, d.kind, d.groupTypeIndex, d.propertyType])).toEqual([
      ['$browser', 'event', null, 'String'],
      ['plan', 'event', null, 'DateTime'],
      ['plan', 'group', 0, 'String'],
      ['plan', 'group', 1, 'Boolean'],
      ['plan', 'person', null, 'Numeric'],
    ]);
    const groups = await s.definitions.listProperties({
      projectId: 1,
      kind: 'group',
      groupTypeIndex: 1,
      ...page,
    });
    expect(groups.results.map((d) => d.propertyType)).toEqual(['Boolean']);
  });

  it('pages with a total, searches without wildcards and leaves hidden ones out on request', async () => {
    await s.definitions.record({
      events: ['a_1', 'a%2', 'Ünï', 'b'].map((n, i) =>
        seen(n, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 10 - i),
      ),
      properties: [],
    });
    const second = await s.definitions.listEvents({ projectId: 1, limit: 2, offset: 2 });
    expect([second.total, second.results.map((d) => d.name)]).toEqual([4, ['Ünï', 'b']]);
    const search = async (text: string) =>
      (await s.definitions.listEvents({ projectId: 1, search: text, ...page })).results.map((d) => d.name);
    expect(await search('%')).toEqual(['a%2']);
    expect(await search('_')).toEqual(['a_1']);
    expect(await search('ünï')).toEqual(['Ünï']);

    const b = (await s.definitions.listEvents({ projectId: 1, search: 'b', ...page })).results[0];
    if (!b) throw new Error('b was not stored');
    const marks = {
      description: 'Button «b»',
      verified: true,
      verifiedAt: at('2026-02-01T00:00:00Z'),
      hidden: true,
      updatedAt: at('2026-02-01T00:00:00Z'),
      updatedBy: 'ana@example.com',
    };
    expect(await s.definitions.markEvent(2, b.id, marks)).toBe(false);
    expect(await s.definitions.markEvent(1, b.id, marks)).toBe(true);
    expect(await s.definitions.getEvent(1, b.id)).toEqual({ ...b, ...marks });
    const visible = await s.definitions.listEvents({ projectId: 1, excludeHidden: true, ...page });
    expect([visible.total, visible.results.map((d) => d.name)]).toEqual([3, ['a_1', 'a%2', 'Ünï']]);
    // A later sighting merges counts without touching what a member wrote.
    await s.definitions.record({
      events: [seen('b', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', 1)],
      properties: [],
    });
    expect(await s.definitions.getEvent(1, b.id)).toMatchObject({ ...marks, volume: 8 });
  });

  it('marks properties and keeps the watermark', async () => {
    expect(await s.definitions.accountedUntil()).toBeNull();
    await s.definitions.record({
      events: [],
      properties: [key('plan')],
      accountedUntil: at('2026-01-01T00:00:01.5Z'),
    });
    await s.definitions.record({ events: [], properties: [] });
    expect(await s.definitions.accountedUntil()).toEqual(at('2026-01-01T00:00:01.5Z'));
    const [plan] = (await s.definitions.listProperties({ projectId: 1, ...page })).results;
    if (!plan) throw new Error('plan was not stored');
    const marks = {
      description: 'Plan',
      verified: false,
      verifiedAt: null,
      hidden: true,
      updatedAt: at('2026-02-01T00:00:00Z'),
      updatedBy: 'bo',
    };
    expect(await s.definitions.markProperty(1, plan.id, marks)).toBe(true);
    expect(await s.definitions.getProperty(1, plan.id)).toEqual({ ...plan, ...marks });
    expect(await s.definitions.getProperty(2, plan.id)).toBeUndefined();
  });
});
