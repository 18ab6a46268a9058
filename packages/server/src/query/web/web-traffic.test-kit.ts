import type { SeedEvent } from '../../insights/query-test-kit.ts';

const DAY = 86_400_000;
const dayOf = (day0: string, offset: number) =>
  new Date(Date.parse(`${day0}T00:00:00Z`) + offset * DAY).toISOString().slice(0, 10);

interface Visit {
  who: string;
  session: string;
  device: Record<string, string>;
  /** Entry properties the first pageview carries (referrer, UTMs, country). */
  entry: Record<string, string>;
  /** [day offset from day0, HH:MM:SS, event, pathname] */
  steps: [number, string, string, string][];
}

const MAC = { $browser: 'Chrome', $os: 'Mac OS X', $device_type: 'Desktop' };
const WIN = { $browser: 'Firefox', $os: 'Windows', $device_type: 'Desktop' };
const IPHONE = { $browser: 'Mobile Safari', $os: 'iOS', $device_type: 'Mobile' };
const ANDROID = { $browser: 'Chrome', $os: 'Android', $device_type: 'Mobile' };
const DIRECT = { $referring_domain: '$direct' };

/**
 * Hand-counted web traffic, as posthog-js sends it. The current period is day0 and the day after; the
 * previous period the two days before. Counts, bounces and durations are worked out in the tests.
 */
const VISITS: Visit[] = [
  // Previous period. p1: one pageview, 2 s → bounce. p2: two pageviews over 60 s.
  {
    who: 'alice',
    session: 'p1',
    device: MAC,
    entry: DIRECT,
    steps: [
      [-2, '10:00:00', '$pageview', '/'],
      [-2, '10:00:02', '$pageleave', '/'],
    ],
  },
  {
    who: 'erin',
    session: 'p2',
    device: WIN,
    entry: DIRECT,
    steps: [
      [-1, '08:00:00', '$pageview', '/'],
      [-1, '08:01:00', '$pageview', '/docs'],
    ],
  },
  // Current period.
  // s1: three pageviews over 60 s → not a bounce.
  {
    who: 'alice',
    session: 's1',
    device: MAC,
    entry: { $referring_domain: 'google.com', utm_source: 'newsletter', $geoip_country_code: 'DE' },
    steps: [
      [0, '10:00:00', '$pageview', '/'],
      [0, '10:00:30', '$pageview', '/pricing'],
      [0, '10:00:50', '$pageview', '/'],
      [0, '10:01:00', '$pageleave', '/'],
    ],
  },
  // s2: one pageview, left after 5 s → bounce.
  {
    who: 'bob',
    session: 's2',
    device: WIN,
    entry: DIRECT,
    steps: [
      [0, '11:00:00', '$pageview', '/'],
      [0, '11:00:05', '$pageleave', '/'],
    ],
  },
  // s3: one pageview but a click (autocapture) → not a bounce; 3 s.
  {
    who: 'bob',
    session: 's3',
    device: WIN,
    entry: DIRECT,
    steps: [
      [1, '09:00:00', '$pageview', '/docs'],
      [1, '09:00:03', '$autocapture', '/docs'],
    ],
  },
  // s4: one pageview read for 20 s → not a bounce.
  {
    who: 'carol',
    session: 's4',
    device: IPHONE,
    entry: { $referring_domain: 'news.ycombinator.com', utm_source: 'hn', $geoip_country_code: 'US' },
    steps: [
      [0, '12:00:00', '$pageview', '/pricing'],
      [0, '12:00:20', '$pageleave', '/pricing'],
    ],
  },
  // s5: a lone pageview → bounce, 0 s.
  {
    who: 'dave',
    session: 's5',
    device: ANDROID,
    entry: { $referring_domain: 'google.com' },
    steps: [[1, '15:00:00', '$pageview', '/docs']],
  },
  // s6: no pageview at all → not a web session.
  {
    who: 'alice',
    session: 's6',
    device: MAC,
    entry: DIRECT,
    steps: [[1, '16:00:00', 'signed_up', '/signup']],
  },
];

export function webTraffic(day0: string): SeedEvent[] {
  const events: SeedEvent[] = VISITS.flatMap((v) =>
    v.steps.map(([offset, time, event, pathname], i) => ({
      event,
      distinct_id: v.who,
      timestamp: `${dayOf(day0, offset)}T${time}Z`,
      properties: { $session_id: v.session, $pathname: pathname, ...v.device, ...(i === 0 ? v.entry : {}) },
    })),
  );
  // Server-side events carry no session: not web traffic.
  events.push(
    {
      event: '$pageview',
      distinct_id: 'server',
      timestamp: `${day0}T13:00:00Z`,
      properties: { $pathname: '/' },
    },
    { event: 'purchase', distinct_id: 'alice', timestamp: `${day0}T13:00:00Z` },
  );
  return events;
}

/** The date range of the current period of `webTraffic(day0)`. */
export const currentPeriod = (day0: string) => ({ date_from: day0, date_to: dayOf(day0, 1) });
