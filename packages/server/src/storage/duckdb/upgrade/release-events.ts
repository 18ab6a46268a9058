// The events a release fixture is made of: a dozen people over twelve fixed days (fixed, so saved insights
// with absolute date ranges answer the same on any later day), seeded so a regenerated fixture is the same.

export const FIXTURE_DAY_ZERO = Date.parse('2026-03-02T08:00:00Z');
export const FIXTURE_DAYS = 12;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface FixtureEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

export const userId = (n: number) => `user-${String(n).padStart(2, '0')}`;
export const USERS = Array.from({ length: 12 }, (_, i) => userId(i + 1));
/** The first four browse anonymously before signing in, so their anonymous ids are merged on `$identify`. */
export const anonId = (n: number) => `anon-${String(n).padStart(2, '0')}`;
/** user-03 is also known by this id (a `$create_alias`). */
export const ALIAS_ID = 'user-03-alt';
export const companyOf = (n: number): string | undefined => (n <= 4 ? 'acme' : n <= 7 ? 'globex' : undefined);

/** mulberry32: a tiny seeded generator, so the fixture's "random" traffic is reproducible. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class EventSink {
  readonly events: FixtureEvent[] = [];
  constructor(private readonly firstNumber: number) {}
  add(event: string, distinctId: string, at: number, properties: Record<string, unknown> = {}): void {
    const n = this.firstNumber + this.events.length;
    this.events.push({
      uuid: `0190a5e2-0000-4000-8000-${String(n).padStart(12, '0')}`,
      event,
      distinct_id: distinctId,
      timestamp: new Date(at).toISOString(),
      properties,
    });
  }
}

/** Day 0: anonymous page views, sign-ins (with person properties), companies and an alias. */
export function identityEvents(): FixtureEvent[] {
  const sink = new EventSink(1);
  for (let n = 1; n <= 4; n++)
    for (let k = 0; k < 3; k++)
      sink.add('$pageview', anonId(n), FIXTURE_DAY_ZERO + k * 60_000, { $current_url: `/pricing?step=${k}` });
  for (let n = 1; n <= USERS.length; n++) {
    const properties: Record<string, unknown> = {
      $set: {
        email: `${userId(n)}@example.com`,
        plan: n % 3 === 0 ? 'pro' : 'free',
        country: n % 2 ? 'DE' : 'FR',
      },
      $set_once: { first_source: n <= 4 ? 'ads' : 'organic' },
    };
    if (n <= 4) properties.$anon_distinct_id = anonId(n);
    sink.add('$identify', userId(n), FIXTURE_DAY_ZERO + HOUR_MS + n * 60_000, properties);
  }
  sink.add('$groupidentify', userId(1), FIXTURE_DAY_ZERO + 2 * HOUR_MS, {
    $group_type: 'company',
    $group_key: 'acme',
    $group_set: { name: 'Acme', employees: 250 },
  });
  sink.add('$groupidentify', userId(5), FIXTURE_DAY_ZERO + 2 * HOUR_MS, {
    $group_type: 'company',
    $group_key: 'globex',
    $group_set: { name: 'Globex', employees: 40 },
  });
  sink.add('$create_alias', userId(3), FIXTURE_DAY_ZERO + 3 * HOUR_MS, { alias: ALIAS_ID });
  return sink.events;
}

/**
 * Days 0–11: page views, a sign-up, purchases and (for the experiment) exposures carrying the variant the
 * server itself assigned, so experiment results come from the flag's own split.
 */
export function dailyEvents(
  experimentFlag: string,
  variantOf: (user: string) => string | null,
): FixtureEvent[] {
  const sink = new EventSink(1000);
  const random = seeded(5_0_6_2_1_2);
  for (let day = 0; day < FIXTURE_DAYS; day++) {
    for (let n = 1; n <= USERS.length; n++) {
      // user-03 keeps browsing on its aliased id from day 6: its events must still count as one person.
      const id = n === 3 && day >= 6 ? ALIAS_ID : userId(n);
      const company = companyOf(n);
      const base = { ...(company ? { $groups: { company } } : {}) };
      const at = FIXTURE_DAY_ZERO + day * DAY_MS + 4 * HOUR_MS + n * 300_000;
      const views = 1 + Math.floor(random() * 3);
      for (let v = 0; v < views; v++)
        sink.add('$pageview', id, at + v * 60_000, { ...base, $current_url: v ? '/product' : '/' });
      if (day === n % 4) sink.add('signed_up', id, at + 10 * 60_000, { ...base, source: 'web' });
      const variant = variantOf(userId(n));
      if (day >= 2 && variant)
        sink.add('$feature_flag_called', id, at + 11 * 60_000, {
          ...base,
          $feature_flag: experimentFlag,
          $feature_flag_response: variant,
        });
      if (random() < (variant === 'test' ? 0.45 : 0.3))
        sink.add('purchase', id, at + 20 * 60_000, { ...base, amount: 5 + Math.floor(random() * 95) });
    }
  }
  return sink.events;
}
