/**
 * How often one flag answered one value in one environment on one UTC day. `value` is the served value as text
 * (`true`, `false`, a variant key) or `$polled` for a definitions poll, where the SDK evaluates locally and the
 * server only knows that someone fetched the flag.
 */
export interface FlagUsageRow {
  environmentId: number;
  flagKey: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  value: string;
  count: number;
}

/** The value recorded for a definitions poll (not a real answer: it never counts towards "served one value"). */
export const POLLED = '$polled';

const DAY_MS = 86_400_000;

/** Days since the epoch, UTC: an integer, so the hot path compares days without building strings. */
export const dayNumber = (ms: number): number => Math.floor(ms / DAY_MS);

export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const dayOfString = (day: string): number => dayNumber(Date.parse(`${day}T00:00:00Z`));
