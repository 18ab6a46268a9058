import type { Interval, ResolvedRange } from '../date-range.ts';
import type { EventsNode, TrendsQuery } from '../query-schemas.ts';
import { wallKey } from '../zoned-time.ts';
import { BREAKDOWN_NULL, BREAKDOWN_OTHER } from './breakdown-sql.ts';

/** One entry of a TrendsQuery's `results`, in PostHog's shape. */
export interface TrendsSeriesResult {
  action: Record<string, unknown>;
  label: string;
  count: number;
  data: number[];
  labels: string[];
  days: string[];
  aggregated_value?: number;
  breakdown_value?: string | number;
  compare?: boolean;
  compare_label?: 'current' | 'previous';
  filter: Record<string, unknown>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function dayString(wall: number, interval: Interval): string {
  const key = wallKey(wall);
  return interval === 'hour' ? key : key.slice(0, 10);
}

export function labelString(wall: number, interval: Interval): string {
  const d = new Date(wall);
  const month = MONTHS[d.getUTCMonth()] ?? '';
  if (interval === 'month') return `${month} ${d.getUTCFullYear()}`;
  const day = `${d.getUTCDate()}-${month}-${d.getUTCFullYear()}`;
  return interval === 'hour' ? `${day} ${wallKey(wall).slice(11, 16)}` : day;
}

export function breakdownLabel(value: string): string {
  if (value === BREAKDOWN_OTHER) return 'Other (i.e. all remaining values)';
  if (value === BREAKDOWN_NULL) return 'None';
  return value;
}

export function seriesName(s: EventsNode): string {
  return s.event ?? 'All events';
}

export function actionOf(s: EventsNode, order: number, range: ResolvedRange): Record<string, unknown> {
  return {
    id: s.event ?? null,
    type: 'events',
    order,
    name: s.name ?? seriesName(s),
    custom_name: s.custom_name ?? null,
    math: s.math ?? 'total',
    math_property: s.math_property ?? null,
    math_group_type_index: s.math_group_type_index ?? null,
    properties: {},
    days: range.buckets.map((b) => dayString(b, range.interval)),
  };
}

export function filterOf(q: TrendsQuery, range: ResolvedRange): Record<string, unknown> {
  return {
    insight: 'TRENDS',
    interval: range.interval,
    display: q.trendsFilter?.display ?? 'ActionsLineGraph',
    date_from: range.from.toISOString(),
    date_to: range.to.toISOString(),
  };
}

/** Builds one result from bucket values; `aggregated` switches to the single-number shape. */
export function shapeResult(args: {
  base: Omit<TrendsSeriesResult, 'count' | 'data' | 'labels' | 'days'>;
  range: ResolvedRange;
  values: number[];
  aggregated: number | undefined;
  cumulative: boolean;
}): TrendsSeriesResult {
  const days = args.range.buckets.map((b) => dayString(b, args.range.interval));
  if (args.aggregated !== undefined)
    return { ...args.base, data: [], labels: [], days, count: 0, aggregated_value: args.aggregated };
  let data = args.values;
  if (args.cumulative) {
    let running = 0;
    data = data.map((v) => {
      running += v;
      return running;
    });
  }
  const count = args.cumulative ? (data.at(-1) ?? 0) : data.reduce((a, b) => a + b, 0);
  return {
    ...args.base,
    data,
    labels: args.range.buckets.map((b) => labelString(b, args.range.interval)),
    days,
    count,
  };
}
