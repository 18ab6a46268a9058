import { formatNumber } from '../charts/number-format.ts';

/** One overview tile as the query answers it (PostHog's WebOverviewItem). */
export interface WebOverviewItem {
  key: string;
  kind: 'unit' | 'duration_s' | 'percentage';
  value: number | null;
  previous?: number | null;
  changeFromPreviousPct?: number | null;
  isIncreaseBad?: boolean;
}

const TITLES = new Map([
  ['visitors', 'Visitors'],
  ['views', 'Page views'],
  ['sessions', 'Sessions'],
  ['session duration', 'Session duration'],
  ['bounce rate', 'Bounce rate'],
]);

export const tileTitle = (key: string): string => TITLES.get(key) ?? key;

/** "1m 05s" for a duration in seconds; "40%" for a percentage; "1,234" for counts. */
export function formatTileValue(kind: WebOverviewItem['kind'], value: number | null): string {
  if (value === null) return '–';
  if (kind === 'percentage') return `${formatNumber(Math.round(value * 10) / 10)}%`;
  if (kind === 'duration_s') {
    const s = Math.round(value);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  }
  return formatNumber(value);
}

/** A change as words and a tone: up or down, and whether that direction is good news. */
export function describeChange(
  item: WebOverviewItem,
): { text: string; tone: 'good' | 'bad' | 'flat' } | null {
  const pct = item.changeFromPreviousPct;
  if (pct === null || pct === undefined) return null;
  if (pct === 0) return { text: 'no change vs previous period', tone: 'flat' };
  const up = pct > 0;
  const good = up !== (item.isIncreaseBad === true);
  return { text: `${up ? '▲' : '▼'} ${Math.abs(pct)}% vs previous period`, tone: good ? 'good' : 'bad' };
}

/** A table cell's bounce rate (a fraction) as a percentage. */
export const formatRate = (fraction: unknown): string =>
  typeof fraction === 'number' ? `${formatNumber(Math.round(fraction * 1000) / 10)}%` : '–';
