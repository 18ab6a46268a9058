import { randomBytes } from 'node:crypto';

/**
 * Synthetic events shaped exactly like posthog-node 5.70 puts them on the wire (observed against a capturing
 * server): `{event, properties: {...user properties, $lib, $lib_version, $is_server, $geoip_disable}, timestamp,
 * uuid (v7), distinct_id}` inside `{api_key, batch, sent_at}`; `identify()` sends `$identify` with `$set` and an
 * empty `$set_once`.
 */
export interface WireEvent {
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
  uuid: string;
  distinct_id: string;
}

export const USERS = 10_000;
export const BATCH_SIZE = 100;

const SDK_PROPERTIES = {
  $lib: 'posthog-node',
  $lib_version: '5.70.0',
  $is_server: true,
  $geoip_disable: true,
} as const;

const PATHS = [
  '/',
  '/pricing',
  '/docs/getting-started',
  '/blog/how-we-ship',
  '/settings/billing',
  '/app/dashboard',
];
const REFERRERS = [
  'https://www.google.com/',
  'https://news.ycombinator.com/',
  '$direct',
  'https://t.co/x7Qz',
];
const PLANS = ['free', 'startup', 'pro', 'enterprise'];
const BUTTONS = ['signup-cta', 'add-to-cart', 'open-menu', 'save-settings', 'invite-teammate'];
const ENDPOINTS = ['/api/v1/orders', '/api/v1/users/me', '/api/v1/search', '/api/v1/reports/export'];

let pool = randomBytes(0);
let poolOffset = 0;

function randomHex(chars: number): string {
  const bytes = Math.ceil(chars / 2);
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(1 << 16);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex.slice(0, chars);
}

const VARIANT = ['8', '9', 'a', 'b'];

/** RFC 9562 uuid v7 (what posthog-node generates): 48-bit ms time, then 74 random bits. */
export function uuidv7(nowMs: number): string {
  const t = nowMs.toString(16).padStart(12, '0');
  const r = randomHex(19);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${VARIANT[nowMs & 3]}${r.slice(3, 6)}-${r.slice(6, 18)}`;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export const userId = (n: number) => `user_${n.toString(36).padStart(4, '0')}_${(n * 7919) % 100_003}`;

/** User properties of ~150–300 bytes, varied by event type. */
function userProperties(event: string, user: number): Record<string, unknown> {
  switch (event) {
    case 'page viewed':
      return {
        path: pick(PATHS),
        referrer: pick(REFERRERS),
        title: 'Signpost — product analytics',
        plan: PLANS[user % PLANS.length],
        viewport_width: 1280 + (user % 5) * 64,
        session_length_s: Math.floor(Math.random() * 900),
      };
    case 'button clicked':
      return {
        button_id: pick(BUTTONS),
        page: pick(PATHS),
        variant: Math.random() < 0.5 ? 'control' : 'test',
        experiment: 'checkout-flow-v2',
        plan: PLANS[user % PLANS.length],
        position: { x: Math.floor(Math.random() * 1280), y: Math.floor(Math.random() * 800) },
      };
    case 'order completed':
      return {
        order_id: `ord_${randomHex(12)}`,
        amount: Math.round(Math.random() * 50_000) / 100,
        currency: 'EUR',
        items: 1 + Math.floor(Math.random() * 6),
        coupon: Math.random() < 0.2 ? 'WINTER25' : null,
        payment_method: 'card',
        plan: PLANS[user % PLANS.length],
      };
    default:
      return {
        endpoint: pick(ENDPOINTS),
        method: Math.random() < 0.7 ? 'GET' : 'POST',
        status: Math.random() < 0.97 ? 200 : 500,
        duration_ms: Math.round(Math.random() * 4000) / 10,
        region: 'eu-central-1',
        service: 'api-gateway',
        plan: PLANS[user % PLANS.length],
      };
  }
}

const EVENTS = [
  'page viewed',
  'page viewed',
  'button clicked',
  'api request',
  'api request',
  'order completed',
];

export function makeEvent(nowMs: number): WireEvent {
  const user = Math.floor(Math.random() * USERS);
  const timestamp = new Date(nowMs - Math.floor(Math.random() * 2000)).toISOString();
  if (Math.random() < 0.03) {
    return {
      event: '$identify',
      properties: {
        $set: {
          email: `${userId(user)}@example.com`,
          name: `User ${user}`,
          plan: PLANS[user % PLANS.length],
        },
        $set_once: {},
        ...SDK_PROPERTIES,
      },
      timestamp,
      uuid: uuidv7(nowMs),
      distinct_id: userId(user),
    };
  }
  const event = pick(EVENTS);
  return {
    event,
    properties: { ...userProperties(event, user), ...SDK_PROPERTIES },
    timestamp,
    uuid: uuidv7(nowMs),
    distinct_id: userId(user),
  };
}

export function makeBatch(size: number, nowMs: number): WireEvent[] {
  return Array.from({ length: size }, () => makeEvent(nowMs));
}

/** The `/batch/` body posthog-node sends (before gzip). */
export function batchBody(apiKey: string, events: WireEvent[], sentAt: string): string {
  return JSON.stringify({ api_key: apiKey, batch: events, sent_at: sentAt });
}
