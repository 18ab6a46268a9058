import type { SeedEvent } from '../insights/query-test-kit.ts';

/** A seeded PRNG keeps a random dataset reproducible when a failure needs a second look. */
export function prng(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface ActivityEvent {
  user: string;
  event: 'a' | 'b' | '$pageview';
  /** Day of May 2024, 1–10. */
  day: number;
  ts: number;
  path: string;
}

export const ACTIVITY_DAYS = 10;
const PATHS = ['/', '/x', '/y', '/z'];

/**
 * Random events of 30 users over 1–10 May 2024 (UTC): events `a` and `b`, and pageviews of four paths
 * within a three-hour window a day, so the 30-minute path sessions both split and hold. Every event of a
 * user has its own minute, so no two of them tie on time.
 */
export function randomActivity(seedValue: number): { events: ActivityEvent[]; seed: SeedEvent[] } {
  const random = prng(seedValue);
  const events: ActivityEvent[] = [];
  for (let u = 0; u < 30; u++) {
    const used = new Set<number>();
    const count = Math.floor(random() * 25);
    for (let i = 0; i < count; i++) {
      const day = 1 + Math.floor(random() * ACTIVITY_DAYS);
      const minute = (day - 1) * 1440 + 600 + Math.floor(random() * 180);
      if (used.has(minute)) continue;
      used.add(minute);
      const event = (['a', 'b', '$pageview', '$pageview'] as const)[Math.floor(random() * 4)] ?? 'a';
      const path = PATHS[Math.floor(random() * PATHS.length)] ?? '/';
      events.push({ user: `user-${u}`, event, day, ts: Date.UTC(2024, 4, 1) + minute * 60_000, path });
    }
  }
  const seed = events.map((e) => ({
    event: e.event,
    distinct_id: e.user,
    timestamp: new Date(e.ts).toISOString(),
    properties: e.event === '$pageview' ? { $pathname: e.path } : {},
  }));
  return { events, seed };
}

/** Per user, the days (1–10) on which they did `event`. */
export function activeDays(events: ActivityEvent[], event: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.event !== event) continue;
    const days = out.get(e.user) ?? new Set<number>();
    days.add(e.day);
    out.set(e.user, days);
  }
  return out;
}
