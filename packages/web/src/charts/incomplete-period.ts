const DAY_MS = 86_400_000;

/** A bucket's start as written by the server ("2026-12-06" or "2026-12-06 14:00:00"), read as local wall time. */
function bucketStart(day: string): number {
  return new Date(day.length <= 10 ? `${day}T00:00:00` : day.replace(' ', 'T')).getTime();
}

/**
 * Whether the last bucket of a trend is still filling (the range reaches now), so a chart draws it as provisional
 * rather than as a sudden drop. The bucket length is read from the spacing of the last two buckets; months are
 * stepped by the calendar. Wall times are read in the browser's zone, close enough for a dashed segment.
 */
export function lastPeriodIncomplete(days: readonly string[], now = Date.now()): boolean {
  const last = days.at(-1);
  const previous = days.at(-2);
  if (last === undefined || previous === undefined) return false;
  const start = bucketStart(last);
  const step = start - bucketStart(previous);
  if (!Number.isFinite(step) || step <= 0) return false;
  let end = start + step;
  if (step >= 28 * DAY_MS) {
    const next = new Date(start);
    next.setMonth(next.getMonth() + 1);
    end = next.getTime();
  }
  return start <= now && now < end;
}
