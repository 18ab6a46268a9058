const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PERIOD_MS = { Day: DAY, Week: 7 * DAY, Month: 30.44 * DAY } as const;
const UNIT_MS: Record<string, number> = { h: HOUR, d: DAY, w: 7 * DAY, m: 30.44 * DAY, y: 365.25 * DAY };
/** The server's ceiling on cohorts (its budget grows with their square). */
export const MAX_RETENTION_INTERVALS = 120;

/** A date-range bound as an instant: "-30d", "-24h", "dStart"/"mStart"/"yStart", or an ISO date. */
function instant(bound: string, now: number): number | undefined {
  const relative = /^-(\d+)([hdwmy])$/.exec(bound);
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2] ?? 'd'] ?? DAY);
  const today = new Date(now);
  if (bound === 'dStart') return new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (bound === 'mStart') return new Date(today.getFullYear(), today.getMonth(), 1).getTime();
  if (bound === 'yStart') return new Date(today.getFullYear(), 0, 1).getTime();
  const parsed = Date.parse(bound);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * How many cohorts a retention table needs to cover the chosen date range: one per period from `date_from` to
 * `date_to` (or now), both ends included — "-7d" by day is 8, as PostHog shows it. The server takes a count, not
 * a start, so the range has to be turned into one here.
 */
export function retentionIntervals(
  dateFrom: string,
  dateTo: string | null,
  period: keyof typeof PERIOD_MS,
  now = Date.now(),
): number {
  if (dateFrom === 'all') return MAX_RETENTION_INTERVALS;
  const start = instant(dateFrom, now);
  const end = dateTo ? instant(dateTo, now) : now;
  if (start === undefined || end === undefined || end < start) return 8;
  const count = Math.floor((end - start) / PERIOD_MS[period] + 1e-9) + 1;
  return Math.min(MAX_RETENTION_INTERVALS, Math.max(1, count));
}
