import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../testing/in-process.ts';
import { GUIDE_EVENTS } from './guide-dataset.ts';
import { queryClient, seed } from './query-test-kit.ts';

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  const range = { after: '2024-03-01', before: '2024-03-08' };

  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, GUIDE_EVENTS);
  });
  afterAll(() => server.stop());

  it('lists events newest first with the selected columns, paginated', async () => {
    const res = await query({
      kind: 'EventsQuery',
      ...range,
      select: [
        'event',
        'distinct_id',
        'timestamp',
        'properties.auth_method -- Method',
        'person.properties.role',
      ],
      event: 'auth.login',
      limit: 3,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ hasMore: true, limit: 3, offset: 0 });
    expect(res.json.columns).toEqual([
      'event',
      'distinct_id',
      'timestamp',
      'properties.auth_method -- Method',
      'person.properties.role',
    ]);
    expect(res.json.results).toEqual([
      ['auth.login', 'alice', '2024-03-03T10:00:00.000Z', 'oidc', 'admin'],
      ['auth.login', 'carol', '2024-03-02T10:00:00.000Z', 'oidc', 'user'],
      // alice and bob share a timestamp; the order among them is not asserted.
      expect.arrayContaining(['auth.login', '2024-03-01T10:00:00.000Z']),
    ]);
    const next = await query({
      kind: 'EventsQuery',
      ...range,
      select: ['event'],
      event: 'auth.login',
      offset: 3,
    });
    expect(next.json).toMatchObject({ results: [['auth.login']], hasMore: false });
  });

  it('aggregates with count() grouped by the other columns', async () => {
    const res = await query({
      kind: 'EventsQuery',
      ...range,
      select: ['properties.deployment_method', 'count()'],
      event: 'telemetry.install',
      orderBy: ['count() DESC'],
    });
    expect(res.json.results).toEqual([
      ['docker', 2],
      ['native', 1],
    ]);
  });

  it('returns whole events and persons for * and person, and filters by properties', async () => {
    const res = await query({
      kind: 'EventsQuery',
      ...range,
      select: ['*', 'person'],
      properties: [{ key: 'new_version', value: '3.1.0', operator: 'exact' }],
    });
    expect(res.json.results).toHaveLength(1);
    const [event, person] = res.json.results[0] as unknown as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(event).toMatchObject({
      event: 'telemetry.update',
      distinct_id: 'inst-3',
      timestamp: '2024-03-04T10:00:00.000Z',
      properties: { old_version: '2.9.0', new_version: '3.1.0' },
    });
    expect(person).toMatchObject({ distinct_id: 'inst-3' });
  });
});
