import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

interface PersonJson {
  id: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
}

type Ev = { event: string; distinct_id: string; properties?: Record<string, unknown> };
const set = (distinct_id: string, props: Record<string, unknown>): Ev => ({
  event: 'pageview',
  distinct_id,
  properties: { $set: props },
});
const identify = (distinct_id: string, anon: string, props: Record<string, unknown> = {}): Ev => ({
  event: '$identify',
  distinct_id,
  properties: { $anon_distinct_id: anon, $set: props },
});
const alias = (distinct_id: string, aliasId: string, event = '$create_alias'): Ev => ({
  event,
  distinct_id,
  properties: { alias: aliasId },
});

// Compat notes §5.1: every merge case, as (events sent in order) → (persons that must exist afterwards).
const cases: {
  name: string;
  events: Ev[];
  expected: { ids: string[]; props?: Record<string, unknown>; identified?: boolean }[];
}[] = [
  {
    name: 'identify with neither id known creates one identified person holding both ids',
    events: [identify('user', 'anon', { email: 'a@x' })],
    expected: [{ ids: ['anon', 'user'], props: { email: 'a@x' }, identified: true }],
  },
  {
    name: 'identify attaches the new id to the anonymous person',
    events: [set('anon', { plan: 'free' }), identify('user', 'anon')],
    expected: [{ ids: ['anon', 'user'], props: { plan: 'free' }, identified: true }],
  },
  {
    name: 'identify attaches the anonymous id to the known user',
    events: [set('user', { plan: 'pro' }), identify('user', 'anon')],
    expected: [{ ids: ['anon', 'user'], props: { plan: 'pro' }, identified: true }],
  },
  {
    name: 'two anonymous persons merge; the distinct_id person wins conflicts',
    events: [
      set('anon', { a: 1, shared: 'anon' }),
      set('user', { b: 2, shared: 'user' }),
      identify('user', 'anon'),
    ],
    expected: [{ ids: ['anon', 'user'], props: { a: 1, b: 2, shared: 'user' }, identified: true }],
  },
  {
    name: 'an identified person is not merged away by $identify',
    events: [identify('u1', 'a1'), identify('u2', 'a2'), identify('u2', 'u1')],
    expected: [{ ids: ['a1', 'u1'] }, { ids: ['a2', 'u2'] }],
  },
  {
    name: 'an identified person is not merged away by $create_alias either',
    events: [identify('u1', 'a1'), identify('u2', 'a2'), alias('u2', 'u1')],
    expected: [{ ids: ['a1', 'u1'] }, { ids: ['a2', 'u2'] }],
  },
  {
    name: '$merge_dangerously merges identified persons',
    events: [
      identify('u1', 'a1', { x: 1 }),
      identify('u2', 'a2', { y: 2 }),
      alias('u2', 'u1', '$merge_dangerously'),
    ],
    expected: [{ ids: ['a1', 'a2', 'u1', 'u2'], props: { x: 1, y: 2 }, identified: true }],
  },
  {
    name: 'illegal ids are never merged on',
    events: [
      set('user', { a: 1 }),
      identify('user', 'undefined'),
      identify('user', 'null'),
      identify('user', '  '),
    ],
    expected: [{ ids: ['user'], props: { a: 1 } }],
  },
  {
    name: 'illegal ids are matched case-insensitively and with quotes',
    events: [set('user', {}), identify('user', 'Anonymous'), identify('user', '"guest"')],
    expected: [{ ids: ['user'] }],
  },
  {
    name: 'identify with the same id twice is a plain update',
    events: [identify('user', 'user', { a: 1 })],
    expected: [{ ids: ['user'], props: { a: 1 } }],
  },
  {
    name: 'alias links a second id to the same person',
    events: [set('user', { a: 1 }), alias('user', 'other-id')],
    expected: [{ ids: ['other-id', 'user'], props: { a: 1 } }],
  },
  {
    name: 'merge then $set applies the event updates after the merge',
    events: [set('anon', { color: 'red' }), set('user', {}), identify('user', 'anon', { color: 'blue' })],
    expected: [{ ids: ['anon', 'user'], props: { color: 'blue' } }],
  },
  {
    name: 'chained merges collect every id on one person',
    events: [set('a', { n: 1 }), identify('b', 'a'), set('c', { m: 2 }), alias('b', 'c')],
    expected: [{ ids: ['a', 'b', 'c'], props: { n: 1, m: 2 } }],
  },
];

describe.each(STORAGE_KINDS)('person merges (compat notes §5.1) on %s', (kind) => {
  let sp: InProcess;
  afterEach(async () => {
    await sp.stop();
  });

  for (const c of cases) {
    it(c.name, async () => {
      sp = await inProcess(kind);
      // One request per event so each is processed after the previous one committed.
      for (const e of c.events) {
        const res = await sp.capture({ api_key: TEST_PROJECT_KEY, batch: [e] });
        expect(res.status).toBe(200);
      }
      const { results } = await sp.api<{ results: PersonJson[] }>('/api/projects/@current/persons/');
      const persons = results.map((p) => ({ ...p, distinct_ids: [...p.distinct_ids].sort() }));
      persons.sort((a, b) => (a.distinct_ids[0] ?? '').localeCompare(b.distinct_ids[0] ?? ''));
      expect(persons.map((p) => p.distinct_ids)).toEqual(c.expected.map((e) => e.ids));
      c.expected.forEach((e, i) => {
        if (e.props) expect(persons[i]?.properties).toMatchObject(e.props);
        if (e.identified !== undefined) expect(persons[i]?.is_identified).toBe(e.identified);
      });
    });
  }

  it('processes merges in order within one batch, too', async () => {
    sp = await inProcess(kind);
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [set('anon', { a: 1 }), set('user', { b: 2 }), identify('user', 'anon')],
    });
    const { results } = await sp.api<{ results: PersonJson[] }>('/api/projects/@current/persons/');
    expect(results).toHaveLength(1);
    expect(results[0]?.properties).toMatchObject({ a: 1, b: 2 });
  });

  it('points later events of a merged-away id at the surviving person', async () => {
    sp = await inProcess(kind);
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [set('anon', {}), set('user', {}), identify('user', 'anon')],
    });
    await sp.capture({ api_key: TEST_PROJECT_KEY, batch: [{ event: 'after', distinct_id: 'anon' }] });
    const { results: persons } = await sp.api<{ results: PersonJson[] }>('/api/projects/@current/persons/');
    const { results: events } = await sp.api<{ results: { person_id: string }[] }>(
      '/api/projects/@current/events/?event=after',
    );
    expect(events[0]?.person_id).toBe(persons[0]?.id);
  });
});
