import type {
  FunnelStep,
  LifecycleSeries,
  PathEdge,
  RetentionCohort,
  StickinessSeries,
  TrendsSeries,
} from '../api/query-types.ts';
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
  if (!Array.isArray(result)) return null;
  if (kind === 'RetentionQuery') return retentionTable(result as RetentionCohort[]);
  if (kind === 'LifecycleQuery') return lifecycleTable(result as LifecycleSeries[]);
  if (kind === 'StickinessQuery') return stickinessTable(result as StickinessSeries[]);
  if (kind === 'PathsQuery') return pathsTable(result as PathEdge[]);
  if (kind === 'FunnelsQuery')
    return funnelTable((Array.isArray(result[0]) ? result[0] : result) as FunnelStep[]);
  return trendsTable(result as TrendsSeries[]);
}
