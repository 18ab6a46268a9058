import type { SeedEvent } from './query-test-kit.ts';

/** 200 days from 2024-01-01: the range of the query. */
export const MANY_IDS_RANGE = { date_from: '2024-01-01', date_to: '2024-07-18' };
export const MANY_IDS_DAYS = 200;
export const MANY_IDS_USERS = 301;
export const MANY_IDS_EVENTS = 1800;

/**
 * 1,500 page views by 301 distinct ids spread over 200 days and every hour of the day, the first 300 followed
 * 5 minutes later by a second page (a path). The id count is prime to the day count, so no (day, id) pair
 * repeats: 1,500 rows per day-by-id breakdown, and an hourly breakdown by distinct id would hold
 * 4,800 × 301 ≈ 1.4 million values.
 */
export function manyIdsEvents(): SeedEvent[] {
  const view = (i: number, minutes: number, page: number): SeedEvent => ({
    event: '$pageview',
    distinct_id: `user-${i % MANY_IDS_USERS}`,
    timestamp: new Date(
      Date.UTC(2024, 0, 1 + ((i * 37) % MANY_IDS_DAYS), (i * 11) % 24, (i % 50) + minutes),
    ).toISOString(),
    properties: { $current_url: `https://example.com/${page}`, plan: i % 3 === 0 ? 'pro' : 'free' },
  });
  return [
    ...Array.from({ length: 1500 }, (_, i) => view(i, 0, i % 7)),
    ...Array.from({ length: 300 }, (_, i) => view(i, 5, (i % 5) + 7)),
  ];
}
