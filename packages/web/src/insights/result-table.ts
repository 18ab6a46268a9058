import type {
  FunnelStep,
  LifecycleSeries,
  PathEdge,
  RetentionCohort,
  StickinessSeries,
  TimeToConvert,
  TrendsSeries,
} from '../api/query-types.ts';
import { breakdownLabel, formatDuration } from '../charts/funnel-breakdown-option.ts';
import { stepItem, stepOf } from '../charts/paths-chart-option.ts';
import { seriesLabels, seriesTotal } from '../charts/trends-chart-option.ts';

export type Cell = string | number;

/** A result as a grid of cells: what the table display shows and the CSV download contains. */
export interface ResultTable {
  columns: string[];
  rows: Cell[][];
}

export function trendsTable(results: TrendsSeries[]): ResultTable {
  const names = seriesLabels(results);
  const timeSeries = results.some((s) => s.aggregated_value === undefined && s.labels.length > 0);
  if (!timeSeries) {
    return { columns: ['Series', 'Total'], rows: results.map((s, i) => [names[i] ?? '', seriesTotal(s)]) };
  }
  const labels = results.find((s) => s.compare_label !== 'previous')?.labels ?? results[0]?.labels ?? [];
  return {
    columns: ['Series', ...labels, 'Total'],
    rows: results.map((s, i) => [names[i] ?? '', ...s.data, s.count]),
  };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** A breakdown funnel: the steps of each value, one row per value and step. */
export function funnelBreakdownTable(lists: FunnelStep[][]): ResultTable {
  const plain = lists.map((steps) => funnelTable(steps));
  return {
    columns: ['Breakdown', ...(plain[0]?.columns ?? [])],
    rows: lists.flatMap((steps, i) => (plain[i]?.rows ?? []).map((row) => [breakdownLabel(steps), ...row])),
  };
}

export const isTimeToConvert = (result: unknown): result is TimeToConvert =>
  typeof result === 'object' && result !== null && Array.isArray((result as { bins?: unknown }).bins);

/** Time to convert: persons per bin of seconds. */
export function timeToConvertTable(ttc: TimeToConvert): ResultTable {
  return {
    columns: ['Converted after (from)', 'Seconds', 'Persons'],
    rows: ttc.bins.map(([from, count]) => [formatDuration(from), Math.round(from), count]),
  };
}

export function funnelTable(steps: FunnelStep[]): ResultTable {
  return {
    columns: ['Step', 'Event', 'Persons', 'Conversion from previous', 'Conversion from first'],
    rows: steps.map((s) => [
      s.order + 1,
      s.custom_name || s.name,
      s.count,
      percent(s.conversionRates.fromPrevious),
      percent(s.conversionRates.total),
    ]),
  };
}

export function retentionTable(cohorts: RetentionCohort[]): ResultTable {
  const periods = Math.max(0, ...cohorts.map((c) => c.values.length));
  return {
    columns: ['Cohort', 'Persons', ...Array.from({ length: periods }, (_, i) => `Period ${i}`)],
    rows: cohorts.map((c) => [c.label, c.values[0]?.count ?? 0, ...c.values.map((v) => v.count)]),
  };
}

export function lifecycleTable(results: LifecycleSeries[]): ResultTable {
  return {
    columns: ['Status', ...(results[0]?.labels ?? []), 'Total'],
    rows: results.map((s) => [s.status, ...s.data, s.count]),
  };
}

export function stickinessTable(results: StickinessSeries[]): ResultTable {
  return {
    columns: ['Series', ...(results[0]?.labels ?? [])],
    rows: results.map((s) => [s.label, ...s.data]),
  };
}

export function pathsTable(edges: PathEdge[]): ResultTable {
  return {
    columns: ['Step', 'From', 'To', 'Users', 'Average time (s)'],
    rows: edges.map((e) => [
      stepOf(e.source),
      stepItem(e.source),
      stepItem(e.target),
      e.value,
      Math.round(e.average_conversion_time / 100) / 10,
    ]),
  };
}

/** The table of any supported result, or null when there is nothing tabular (no result yet). */
export function tableFor(kind: string, result: unknown): ResultTable | null {
  if (kind === 'FunnelsQuery' && isTimeToConvert(result)) return timeToConvertTable(result);
  if (!Array.isArray(result)) return null;
  if (kind === 'RetentionQuery') return retentionTable(result as RetentionCohort[]);
  if (kind === 'LifecycleQuery') return lifecycleTable(result as LifecycleSeries[]);
  if (kind === 'StickinessQuery') return stickinessTable(result as StickinessSeries[]);
  if (kind === 'PathsQuery') return pathsTable(result as PathEdge[]);
  if (kind === 'FunnelsQuery')
    return Array.isArray(result[0])
      ? funnelBreakdownTable(result as FunnelStep[][])
      : funnelTable(result as FunnelStep[]);
  return trendsTable(result as TrendsSeries[]);
}
