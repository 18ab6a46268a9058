import type { PropertyValueType } from './definition.ts';

// PostHog's ingestion (its property-defs service) types a property from the first value it sees, with a few
// rules by name; these are the same rules, written from its documented behaviour.

/** Keys PostHog always types as text whatever their values look like (campaign tags, flag responses). */
const ALWAYS_TEXT = [/^utm_/i, /^\$feature\//i, /^\$feature_flag_response$/i, /^\$survey_response/i];
/** A number under a key naming a time is a Unix timestamp when it is recent enough. */
const TIME_WORDS = ['time', 'timestamp', 'date', '_at', '-at', 'createdat', 'updatedat'];
const SIX_MONTHS_S = 183 * 24 * 3600;
const DATE_TEXT = [
  /^\d{4}-\d{2}-\d{2}$/,
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?(\d{2})?)?$/i,
  /^\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}(:\d{2})?)?$/,
  /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/,
];

/** The type PostHog would infer for `value` under `key`; null when the value tells nothing (null, object, array). */
export function inferPropertyType(key: string, value: unknown, now: Date): PropertyValueType | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  if (ALWAYS_TEXT.some((re) => re.test(key))) return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') {
    const lower = key.toLowerCase();
    const recent = value >= now.getTime() / 1000 - SIX_MONTHS_S;
    return recent && TIME_WORDS.some((w) => lower.includes(w)) ? 'DateTime' : 'Numeric';
  }
  if (typeof value !== 'string') return null;
  const lowered = value.trim().toLowerCase();
  if (lowered === 'true' || lowered === 'false') return 'Boolean';
  if (DATE_TEXT.some((re) => re.test(value.trim()))) return 'DateTime';
  return 'String';
}

/**
 * Keys that are instructions or group plumbing rather than properties of the event; PostHog keeps no
 * definition for them either.
 */
export const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  '$set',
  '$set_once',
  '$unset',
  '$groups',
  '$group_0',
  '$group_1',
  '$group_2',
  '$group_3',
  '$group_4',
]);
