import type { IncomingEvent, Properties } from '../events/event.ts';
import { isUuid, uuidv7 } from '../util/uuid.ts';
import { rawEventSchema } from './capture-schema.ts';
import { plainRawEvent } from './raw-event-shape.ts';
import { enrichFromUserAgent } from './user-agent.ts';

export interface RequestContext {
  now: Date;
  ip: string | undefined;
  userAgent: string | undefined;
  /** Envelope `sent_at` (or the old `_` query parameter), for clock-skew correction. */
  sentAt: unknown;
  historicalMigration: boolean;
}

export type DropCode =
  | 'NOT_AN_OBJECT'
  | 'MISSING_EVENT_NAME'
  | 'MISSING_DISTINCT_ID'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_UUID'
  | 'INVALID_FIELD'
  | 'EVENT_TOO_LARGE'
  | 'EVENT_TOO_DEEP'
  | 'EVENT_NOT_STORABLE';

export interface Drop {
  index: number;
  uuid: string | null;
  code: DropCode;
  detail: string;
}

const MAX_DISTINCT_ID = 200;
// PostHog treats timestamps more than 23 hours ahead as a broken client clock and uses the receive time.
const FUTURE_TOLERANCE_MS = 23 * 3600 * 1000;
const MIN_TIME_MS = Date.UTC(1970, 0, 1);
const MAX_TIME_MS = Date.UTC(10000, 0, 1);

function parseTime(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value as string);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

function distinctIdOf(raw: Record<string, unknown>, props: Properties): string | undefined {
  const value = raw.distinct_id ?? raw.$distinct_id ?? props.distinct_id;
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.trim() === '' ? undefined : text.slice(0, MAX_DISTINCT_ID);
}

/** Validates one wire event and turns it into an IncomingEvent (compat notes §2, §5.1 "Normalisation"). */
export function normalizeEvent(raw: unknown, index: number, ctx: RequestContext): IncomingEvent | Drop {
  const drop = (code: DropCode, detail: string, uuid: string | null = null): Drop => ({
    index,
    uuid,
    code,
    detail,
  });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return drop('NOT_AN_OBJECT', 'An event must be a JSON object.');
  const rawUuid =
    typeof (raw as { uuid?: unknown }).uuid === 'string' ? (raw as { uuid: string }).uuid : null;
  let e = plainRawEvent(raw as Record<string, unknown>);
  if (!e) {
    const parsed = rawEventSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return drop(
        'INVALID_FIELD',
        `Field "${issue?.path.join('.')}" is invalid: ${issue?.message}.`,
        rawUuid,
      );
    }
    e = parsed.data;
  }
  if (!e.event) return drop('MISSING_EVENT_NAME', 'The event has no "event" name.', rawUuid);
  let uuid = e.uuid ?? '';
  if (uuid === '') uuid = uuidv7(ctx.now.getTime());
  else if (!isUuid(uuid)) return drop('INVALID_UUID', `"${uuid.slice(0, 64)}" is not a UUID.`, rawUuid);
  uuid = uuid.toLowerCase();

  const properties: Properties = { ...(e.properties ?? {}) };
  const distinctId = distinctIdOf(e, properties);
  if (distinctId === undefined) return drop('MISSING_DISTINCT_ID', 'The event has no distinct_id.', uuid);

  const timestamp = correctedTimestamp(e.timestamp, e.offset, e.sent_at ?? ctx.sentAt, ctx);
  if (timestamp === undefined)
    return drop(
      'INVALID_TIMESTAMP',
      `The event time (timestamp "${String(e.timestamp).slice(0, 64)}", offset, sent_at) is not a valid time between 1970 and 9999.`,
      uuid,
    );

  // Top-level $set/$set_once (posthog-js identify) win over the ones inside properties.
  if (e.$set) properties.$set = { ...(properties.$set as Properties | undefined), ...e.$set };
  if (e.$set_once)
    properties.$set_once = { ...(properties.$set_once as Properties | undefined), ...e.$set_once };
  if (properties.$lib === undefined && e.library) properties.$lib = e.library;
  if (properties.$lib_version === undefined && e.library_version) properties.$lib_version = e.library_version;
  if (properties.$ip === undefined && ctx.ip) properties.$ip = ctx.ip;
  if (typeof properties.$session_id === 'string' && isUuid(properties.$session_id)) {
    properties.$session_id = properties.$session_id.toLowerCase();
  }
  enrichFromUserAgent(properties, ctx.userAgent);
  return { uuid, event: e.event, distinctId, properties, timestamp };
}

/** PostHog's skew correction: trust the client's clock only for the difference between event and send time. */
function correctedTimestamp(
  rawTimestamp: unknown,
  offset: number | null | undefined,
  rawSentAt: unknown,
  ctx: RequestContext,
): Date | undefined {
  const now = ctx.now.getTime();
  const ts = parseTime(rawTimestamp);
  if (Number.isNaN(ts)) return undefined;
  let result: number;
  if (ts !== undefined) {
    const sentAt = ctx.historicalMigration ? undefined : parseTime(rawSentAt);
    result = sentAt !== undefined && !Number.isNaN(sentAt) ? now + (ts - sentAt) : ts;
  } else if (typeof offset === 'number' && Number.isFinite(offset)) {
    result = now - offset;
  } else {
    result = now;
  }
  if (result > now + FUTURE_TOLERANCE_MS) result = now;
  // `offset: 1e308` or `sent_at: 1e300` push the result past what a Date can hold (NaN year), which used to
  // pass this check and fail the whole shared commit; only the years the event store can hold get through.
  if (!(result >= MIN_TIME_MS && result < MAX_TIME_MS)) return undefined;
  return new Date(result);
}
