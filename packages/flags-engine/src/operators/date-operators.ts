const RELATIVE = /^-?(\d+)([hdwmy])$/;
// Naive forms the flags service reads in the team's timezone.
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `now` minus `count` months, clamping the day to the target month's length (chrono `checked_sub_months`). */
function subtractMonths(now: Date, months: number): number {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(now.getTime());
  result.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return result.getTime();
}

interface RelativeDate {
  count: number;
  unit: string;
}

/** `-7d`, `-1h`, `-2w`, `-3m`, `-1y`; null when not relative (or absurdly far, n >= 10000). */
function parseRelative(text: string): RelativeDate | null {
  const match = RELATIVE.exec(text);
  if (!match) return null;
  const count = Number(match[1]);
  return count >= 10_000 ? null : { count, unit: match[2]! };
}

function relativeToMs({ count, unit }: RelativeDate, now: Date): number {
  switch (unit) {
    case 'h':
      return now.getTime() - count * HOUR;
    case 'd':
      return now.getTime() - count * DAY;
    case 'w':
      return now.getTime() - count * 7 * DAY;
    case 'm':
      return subtractMonths(now, count);
    default:
      return subtractMonths(now, count * 12);
  }
}

/** `-7d`, `-1h`, `-2w`, `-3m`, `-1y` → epoch ms; null when not relative (or absurdly far, n >= 10000). */
export function parseRelativeDate(text: string, now: Date): number | null {
  const relative = parseRelative(text);
  return relative ? relativeToMs(relative, now) : null;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(utcMs)) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** A date read from text: wall-clock ms for naive forms (zone still to apply), else an instant. */
interface ReadDate {
  naive: boolean;
  ms: number;
}

function readDate(value: unknown): ReadDate | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const naive = NAIVE.exec(text);
  if (naive) {
    const fraction = naive[7] ? Number(`0.${naive[7]}`) * 1000 : 0;
    const wall = Date.UTC(
      Number(naive[1]),
      Number(naive[2]) - 1,
      Number(naive[3]),
      Number(naive[4] ?? 0),
      Number(naive[5] ?? 0),
      Number(naive[6] ?? 0),
      fraction,
    );
    return Number.isNaN(wall) ? null : { naive: true, ms: wall };
  }
  if (!HAS_OFFSET.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { naive: false, ms };
}

function toInstant(date: ReadDate, timeZone: string | undefined): number {
  if (!date.naive || !timeZone || timeZone === 'UTC') return date.ms;
  try {
    // Two passes settle on the right side of a DST change.
    const guess = date.ms - zoneOffset(date.ms, timeZone);
    return date.ms - zoneOffset(guess, timeZone);
  } catch {
    return date.ms;
  }
}

/**
 * A date property or filter → epoch ms. RFC 3339 values keep their offset; naive `YYYY-MM-DD[ HH:MM[:SS]]`
 * values are wall-clock time in `timeZone`. Null when unparsable (numbers included: the service reads
 * strings only).
 */
export function parseDate(value: unknown, timeZone: string | undefined): number | null {
  const date = readDate(value);
  return date ? toInstant(date, timeZone) : null;
}

export type DateTest = (propertyValue: unknown, now: Date, timeZone: string | undefined) => boolean;

/**
 * `is_date_before` / `is_date_after` / `is_date_exact` with the filter value parsed once. Null: the filter
 * value is neither a relative nor an absolute date. An unparsable property is simply no match.
 */
export function dateMatcher(operator: string, filterValue: unknown): DateTest | null {
  const relative = typeof filterValue === 'string' ? parseRelative(filterValue.trim()) : null;
  const absolute = relative ? null : readDate(filterValue);
  if (!relative && !absolute) return null;
  // Naive filter dates depend on the zone; contexts rarely change it, so remember the last one.
  let lastZone: string | undefined;
  let lastTarget = absolute ? toInstant(absolute, undefined) : 0;
  return (propertyValue, now, timeZone) => {
    let target: number;
    if (relative) target = relativeToMs(relative, now);
    else {
      if (timeZone !== lastZone) {
        lastTarget = toInstant(absolute!, timeZone);
        lastZone = timeZone;
      }
      target = lastTarget;
    }
    const actual = parseDate(propertyValue, timeZone);
    if (actual === null) return false;
    if (operator === 'is_date_before') return actual < target;
    if (operator === 'is_date_after') return actual > target;
    return actual === target;
  };
}
