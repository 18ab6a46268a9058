import type { SeedEvent } from '../../insights/query-test-kit.ts';

const use = (id: string, day: string, properties: Record<string, unknown> = {}): SeedEvent => ({
  event: 'use',
  distinct_id: id,
  timestamp: `2024-${day}T10:00:00Z`,
  properties,
});

/** Who used the product on which day of early March 2024; lifecycle and stickiness tests count it by hand. */
export const ACTIVITY_EVENTS: SeedEvent[] = [
  ...['03-01', '03-02', '03-03', '03-05'].map((d) => use('u1', d, { plan: 'pro' })),
  use('u2', '03-02'),
  use('u3', '02-20'),
  use('u3', '03-04'),
  use('u4', '03-03', { plan: 'pro' }),
  use('u4', '03-04'),
  use('guest', '03-02', { $process_person_profile: false }),
  // anon-6 becomes u6 on the 3rd: one person.
  use('anon-6', '03-02'),
  {
    event: '$identify',
    distinct_id: 'u6',
    timestamp: '2024-03-03T09:00:00Z',
    properties: { $anon_distinct_id: 'anon-6' },
  },
  use('u6', '03-03'),
];
