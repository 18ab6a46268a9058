import { toWall } from './zoned-time.ts';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
// Where a query has no lower bound (first-time retention reads all history), check from here on.
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);
const MAX_SAMPLES = 4000;
// Whether a zone keeps one offset from 1970 to 2100 (UTC, Etc/GMT+5): checked once per zone.
const constantZones = new Map<string, number | null>();

const offsetMs = (utcMs: number, timeZone: string) => toWall(utcMs, timeZone) - utcMs;

/**
 * The zone's UTC offset in minutes when it is the same all through [from, to], else null. Then wall time is
 * the timestamp plus a constant, which costs nothing per row, where a zone conversion costs more than the
 * scan. Offsets are sampled at least hourly for short ranges and weekly for long ones: every rule change
 * in the tz database holds for weeks, so a change cannot hide between two samples.
 */
export function fixedOffsetMinutes(timeZone: string, from: Date | null, to: Date): number | null {
  let always = constantZones.get(timeZone);
  if (always === undefined) {
    always = sampledOffset(timeZone, EARLIEST_MS, LATEST_MS);
    constantZones.set(timeZone, always);
  }
  return always ?? sampledOffset(timeZone, from?.getTime() ?? EARLIEST_MS, to.getTime());
}

function sampledOffset(timeZone: string, start: number, end: number): number | null {
  const first = offsetMs(start, timeZone);
  if (offsetMs(end, timeZone) !== first) return null;
  const step = Math.min(WEEK_MS, Math.max(HOUR_MS, (end - start) / MAX_SAMPLES));
  for (let t = start + step; t < end; t += step) if (offsetMs(t, timeZone) !== first) return null;
  return first / 60_000;
}
