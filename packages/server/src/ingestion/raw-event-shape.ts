import type { RawEvent } from './capture-schema.ts';

// A hand-written twin of rawEventSchema for the common case. Zod costs more per event than the rest of
// normalisation; this accepts only what the schema surely accepts and leaves everything else (and every error
// message) to zod, so behaviour is unchanged.

const isPlainRecord = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isNil = (v: unknown): boolean => v === undefined || v === null;
const isText = (v: unknown): boolean => isNil(v) || typeof v === 'string';
const isRecord = (v: unknown): boolean => isNil(v) || isPlainRecord(v);
const isTime = (v: unknown): boolean =>
  isNil(v) || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

const TEXT_FIELDS = ['uuid', 'token', '$token', 'api_key', 'library', 'library_version'] as const;

/** The event itself, typed, when it certainly passes rawEventSchema; undefined when zod must decide. */
export function plainRawEvent(raw: Record<string, unknown>): RawEvent | undefined {
  if (!isPlainRecord(raw)) return undefined;
  if (raw.event !== undefined && typeof raw.event !== 'string') return undefined;
  if (!isRecord(raw.properties) || !isRecord(raw.$set) || !isRecord(raw.$set_once)) return undefined;
  if (!isTime(raw.timestamp) || !isTime(raw.sent_at)) return undefined;
  if (!isNil(raw.offset) && !(typeof raw.offset === 'number' && Number.isFinite(raw.offset)))
    return undefined;
  for (const key of TEXT_FIELDS) if (!isText(raw[key])) return undefined;
  return raw as RawEvent;
}
