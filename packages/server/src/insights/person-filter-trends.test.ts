import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../testing/in-process.ts';
import { queryClient, type SeedEvent, seed } from './query-test-kit.ts';

const at = (day: number, hour = 10) => `2024-03-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const x = (distinct_id: string, day: number, properties?: Record<string, unknown>): SeedEvent => ({
  event: 'x',
  distinct_id,
  timestamp: at(day),
  ...(properties ? { properties } : {}),
});

// Person filters read each person's current properties: alice was an admin and is now a user, bob has always
// been an admin, carol never had a role, and the guest's events have no person at all.
const EVENTS: SeedEvent[] = [
  { event: '$identify', distinct_id: 'alice', timestamp: at(1, 8), properties: { $set: { role: 'admin' } } },
  { event: '$identify', distinct_id: 'bob', timestamp: at(1, 8), properties: { $set: { role: 'admin' } } },
  { event: '$identify', distinct_id: 'carol', timestamp: at(1, 8) },
  { event: '$set', distinct_id: 'alice', timestamp: at(3, 8), properties: { $set: { role: 'user' } } },
  x('alice', 1),
  x('alice', 2),
  x('alice', 4),
  x('bob', 1),
  x('bob', 4),
  x('carol', 2),
  x('guest', 2, { $process_person_profile: false }),
];

describe.each(queryBackends(process.env))('person-property filters on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, EVENTS);
  });
  afterAll(() => server.stop());

  const total = async (filter: Record<string, unknown>, math?: string) => {
    const res = await queryClient(server)({
      kind: 'TrendsQuery',
      dateRange: { date_from: '2024-03-01', date_to: '2024-03-05' },
      series: [{ kind: 'EventsNode', event: 'x', ...(math ? { math } : {}) }],
      properties: [{ key: 'role', type: 'person', ...filter }],
      trendsFilter: { display: 'BoldNumber' },
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return res.json.results[0]?.aggregated_value;
  };

  it.each([
    ['exact admin: bob only (alice is a user now)', { operator: 'exact', value: 'admin' }, 2],
    ['is_not admin: alice, carol and the personless guest', { operator: 'is_not', value: 'admin' }, 5],
    ['is_set: alice and bob', { operator: 'is_set', value: 'is_set' }, 5],
    ['is_not_set: carol and the guest', { operator: 'is_not_set', value: 'is_not_set' }, 2],
    ['icontains ADM: bob', { operator: 'icontains', value: 'ADM' }, 2],
    ['regex ^us: alice', { operator: 'regex', value: '^us' }, 3],
    ['not_icontains adm: alice, carol, guest', { operator: 'not_icontains', value: 'adm' }, 5],
  ])('%s', async (_name, filter, expected) => {
    expect(await total(filter)).toBe(expected);
  });

  it('unique users among current admins', async () => {
    expect(await total({ operator: 'exact', value: 'admin' }, 'dau')).toBe(1);
  });
});
