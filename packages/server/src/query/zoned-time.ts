const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wall-clock time is carried as "wall ms": the epoch ms of the same calendar reading in UTC, so calendar
 * arithmetic (start of day, next month) is plain UTC arithmetic and only the edges convert.
 */
export function toWall(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(utcMs)) parts[p.type] = Number(p.value);
  const seconds = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return seconds + (((utcMs % 1000) + 1000) % 1000);
}

/** The instant at which the zone's clocks read `wallMs`; two passes settle on the right side of a DST change. */
export function fromWall(wallMs: number, timeZone: string): number {
  const guess = wallMs - (toWall(wallMs, timeZone) - wallMs);
  return wallMs - (toWall(guess, timeZone) - guess);
}

/** `YYYY-MM-DD HH:MM:SS` of a wall time, the bucket key shared with the SQL side. */
export function wallKey(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19).replace('T', ' ');
}
