import { AppError } from '../errors/app-error.ts';
import { toWall, fromWall as wallToInstant } from './zoned-time.ts';

export type Interval = 'hour' | 'day' | 'week' | 'month';

export interface DateRangeInput {
  date_from?: string | null | undefined;
  date_to?: string | null | undefined;
  explicitDate?: boolean | null | undefined;
}

/** A resolved range: UTC instants for filtering, wall-clock bucket starts for grouping and zero-filling. */
export interface ResolvedRange {
  from: Date;
  to: Date;
  fromWall: number;
  toWall: number;
  /** Bucket starts as wall ms in the project timezone, oldest first. */
  buckets: number[];
  interval: Interval;
  timeZone: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_BUCKETS = 5000;
const RELATIVE = /^-(\d{1,4})([hdwmqy])$/;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

const ymd = (wall: number) => {
  const d = new Date(wall);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()] as const;
};

/** Start of the interval holding `wall`; weeks start on Sunday, PostHog's default. */
export function truncate(wall: number, interval: Interval): number {
  const [y, m, d] = ymd(wall);
  if (interval === 'hour') return Math.floor(wall / HOUR) * HOUR;
  if (interval === 'month') return Date.UTC(y, m, 1);
  const day = Date.UTC(y, m, d);
  return interval === 'day' ? day : day - new Date(day).getUTCDay() * DAY;
}

export function addIntervals(wall: number, interval: Interval, n: number): number {
  if (interval === 'hour') return wall + n * HOUR;
  if (interval === 'day') return wall + n * DAY;
  if (interval === 'week') return wall + n * 7 * DAY;
  const [y, m, d] = ymd(wall);
  return Date.UTC(y, m + n, d) + (wall % DAY);
}

function subtractUnits(wall: number, unit: string, n: number): number {
  const [y, m, d] = ymd(wall);
  const clampMonths = (months: number) => {
    const last = new Date(Date.UTC(y, m - months + 1, 0)).getUTCDate();
    return Date.UTC(y, m - months, Math.min(d, last)) + (wall % DAY);
  };
  switch (unit) {
    case 'h':
      return wall - n * HOUR;
    case 'd':
      return wall - n * DAY;
    case 'w':
      return wall - n * 7 * DAY;
    case 'm':
      return clampMonths(n);
    case 'q':
      return clampMonths(3 * n);
    default:
      return clampMonths(12 * n);
  }
}

/** A date string → wall ms, and whether it named a whole day (so `date_to` means that day's end). */
function parsePoint(text: string, nowWall: number, timeZone: string, attr: string) {
  const relative = RELATIVE.exec(text);
  if (relative) {
    const unit = relative[2] ?? 'd';
    const wall = subtractUnits(nowWall, unit, Number(relative[1]));
    return { wall: truncate(wall, unit === 'h' ? 'hour' : 'day'), wholeDay: unit !== 'h', relative: true };
  }
  const [y, m] = ymd(nowWall);
  if (text === 'dStart') return { wall: truncate(nowWall, 'day'), wholeDay: true, relative: true };
  if (text === 'mStart') return { wall: Date.UTC(y, m, 1), wholeDay: true, relative: true };
  if (text === 'yStart') return { wall: Date.UTC(y, 0, 1), wholeDay: true, relative: true };
  const naive = NAIVE.exec(text);
  if (naive) {
    const wall = Date.UTC(
      Number(naive[1]),
      Number(naive[2]) - 1,
      Number(naive[3]),
      Number(naive[4] ?? 0),
      Number(naive[5] ?? 0),
      Number(naive[6] ?? 0),
    );
    if (!Number.isNaN(wall)) return { wall, wholeDay: naive[4] === undefined, relative: false };
  }
  const instant = HAS_OFFSET.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(instant))
    throw new AppError('INVALID_QUERY', `"${text}" is not a date PostHog understands.`, attr);
  return { wall: toWall(instant, timeZone), wholeDay: false, relative: false };
}

export interface ResolveOptions {
  now: Date;
  timeZone: string;
  /** The project's first event, for `date_from: "all"`. */
  earliest: Date | null;
  defaultFrom?: string;
}

/** PostHog's QueryDateRange, reduced: relative and absolute bounds, whole intervals, project timezone. */
export function resolveDateRange(
  input: DateRangeInput,
  interval: Interval,
  o: ResolveOptions,
): ResolvedRange {
  const nowWall = toWall(o.now.getTime(), o.timeZone);
  const explicit = input.explicitDate === true;
  const fromText = input.date_from ?? o.defaultFrom ?? '-7d';
  let fromWall: number;
  if (fromText === 'all') {
    fromWall = truncate(o.earliest ? toWall(o.earliest.getTime(), o.timeZone) : nowWall, 'day');
  } else {
    fromWall = parsePoint(fromText, nowWall, o.timeZone, 'dateRange.date_from').wall;
  }
  let toWallMs = nowWall;
  let wholeDay = false;
  if (input.date_to) {
    const point = parsePoint(input.date_to, nowWall, o.timeZone, 'dateRange.date_to');
    toWallMs = point.wall;
    wholeDay = point.wholeDay && !point.relative;
  }
  if (!explicit) {
    fromWall = truncate(fromWall, interval);
    const unit = interval === 'hour' ? 'hour' : 'day';
    toWallMs = wholeDay ? addIntervals(toWallMs, 'day', 1) : addIntervals(truncate(toWallMs, unit), unit, 1);
  }
  if (toWallMs <= fromWall)
    throw new AppError('INVALID_QUERY', 'dateRange.date_to must be after date_from.', 'dateRange');
  return withBuckets(fromWall, toWallMs, interval, o.timeZone);
}

function withBuckets(
  fromWall: number,
  toWallMs: number,
  interval: Interval,
  timeZone: string,
): ResolvedRange {
  const buckets: number[] = [];
  for (let b = truncate(fromWall, interval); b < toWallMs; b = addIntervals(b, interval, 1)) {
    buckets.push(b);
    if (buckets.length > MAX_BUCKETS)
      throw new AppError('INVALID_QUERY', `The range holds more than ${MAX_BUCKETS} intervals.`, 'interval');
  }
  return {
    from: new Date(wallToInstant(fromWall, timeZone)),
    to: new Date(wallToInstant(toWallMs, timeZone)),
    fromWall,
    toWall: toWallMs,
    buckets,
    interval,
    timeZone,
  };
}

/** The period of the same length just before `range`, for compareFilter. */
export function previousPeriod(range: ResolvedRange): ResolvedRange {
  const length = range.toWall - range.fromWall;
  return withBuckets(range.fromWall - length, range.fromWall, range.interval, range.timeZone);
}
