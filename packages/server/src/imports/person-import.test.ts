import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

interface PersonJson {
  id: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  created_at: string;
}

const ada = {
  distinct_ids: ['ada@example.com', 'anon-ada-1', 'anon-ada-2'],
  properties: { email: 'ada@example.com', plan: 'paid' },
  created_at: '2024-03-01T10:00:00.000Z',
};
const bob = { distinct_ids: ['bob'], properties: { plan: 'free' }, created_at: '2024-04-02T08:30:00.000Z' };

describe.each(['duckdb', 'memory'] as const)('POST /persons/import on %s', (storage) => {
  let server: TestServer;
  const send = async (body: string) => {
    const res = await fetch(`${server.url}/api/projects/@current/persons/import/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, json: (await res.json()) as { imported?: number; code?: string } };
  };
  // JSON text, so `__proto__` is sent as an ordinary property name.
  const body = JSON.stringify({ persons: [bob] }).replace(
    '[',
    `[${JSON.stringify(ada).replace('"plan"', '"__proto__":"kept","plan"')},`,
  );
  const persons = async () =>
    (await server.api<{ results: PersonJson[] }>('/api/projects/@current/persons/?limit=100')).results;

  beforeAll(async () => {
    server = await startTestServer({ storage });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores each person once, with every distinct id, its properties and its creation time', async () => {
    expect((await send(body)).json.imported).toBe(2);
    const stored = await persons();
    expect(stored).toHaveLength(2);
    const a = stored.find((p) => p.distinct_ids.includes('anon-ada-2'));
    expect([...(a?.distinct_ids ?? [])].sort()).toEqual([...ada.distinct_ids].sort());
    expect(a?.properties).toMatchObject({ email: 'ada@example.com', plan: 'paid' });
    expect(Object.hasOwn(a?.properties ?? {}, '__proto__')).toBe(true);
    expect(a?.created_at).toBe(ada.created_at);
  });

  it('changes nothing when the same persons are sent again', async () => {
    const before = await persons();
    expect((await send(body)).status).toBe(200);
    expect(await persons()).toEqual(before);
  });

  it('lets later events of any of the ids land on the imported person, and /flags see its properties', async () => {
    const capture = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [{ event: 'seen', distinct_id: 'anon-ada-1' }],
      }),
    });
    expect(capture.status).toBe(200);
    const stored = await persons();
    expect(stored).toHaveLength(2);
    const flag = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key: 'paid-only',
        filters: { groups: [{ properties: [{ key: 'plan', value: 'paid' }], rollout_percentage: 100 }] },
      }),
    });
    expect(flag.status).toBe(201);
    const flags = await fetch(`${server.url}/flags/?v=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'anon-ada-2' }),
    });
    const answer = (await flags.json()) as { flags: Record<string, { enabled: boolean }> };
    expect(answer.flags['paid-only']?.enabled).toBe(true);
  });

  it('registers group types in the order given, without groups or persons', async () => {
    const before = await persons();
    const res = await send(JSON.stringify({ persons: [], group_types: ['company', 'team'] }));
    expect(res.status).toBe(200);
    const types = await server.api<{ group_type: string; group_type_index: number }[]>(
      '/api/projects/@current/groups_types/',
    );
    expect(types.map((t) => [t.group_type, t.group_type_index])).toEqual([
      ['company', 0],
      ['team', 1],
    ]);
    expect(await persons()).toEqual(before);
  });

  it.each([
    ['no distinct id', { persons: [{ distinct_ids: [], created_at: ada.created_at }] }],
    ['a bad date', { persons: [{ distinct_ids: ['x'], created_at: 'yesterday' }] }],
    ['an illegal id', { persons: [{ distinct_ids: ['x', 'anonymous'], created_at: ada.created_at }] }],
    [
      'properties that are no object',
      { persons: [{ distinct_ids: ['x'], properties: [1], created_at: ada.created_at }] },
    ],
  ])('refuses %s with 400 INVALID_BODY and writes nothing', async (_, bad) => {
    const before = await persons();
    const res = await send(JSON.stringify(bad));
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_BODY');
    expect(await persons()).toEqual(before);
  });
});
