import { useMemo } from 'preact/hooks';
import type {
  FunnelStep,
  LifecycleSeries,
  PathEdge,
  RetentionCohort,
  StickinessSeries,
  TimeToConvert,
  TrendsSeries,
} from '../api/query-types.ts';
import {
  funnelBreakdownTable,
  funnelTable,
  isTimeToConvert,
  timeToConvertTable,
  trendsTable,
} from '../insights/result-table.ts';
import { AnnotatedChart } from './annotated-chart.tsx';
import { EChart } from './echart.tsx';
import {
  formatDuration,
  funnelBreakdownChartOption,
  timeToConvertChartOption,
} from './funnel-breakdown-option.ts';
import { funnelChartOption } from './funnel-chart-option.ts';
import { lifecycleChartOption } from './lifecycle-chart-option.ts';
import { pathsChartOption } from './paths-chart-option.ts';
import { ResultGrid } from './result-grid.tsx';
import { RetentionGrid } from './retention-grid.tsx';
import { stickinessChartOption } from './stickiness-chart-option.ts';
import { seriesLabels, seriesTotal, trendsChartOption } from './trends-chart-option.ts';

interface ResultViewProps {
  /** The query kind that produced `result`: Trends, Funnels, Retention, Lifecycle, Stickiness or PathsQuery. */
  kind: string;
  display: string;
  result: unknown;
  title: string;
  height?: number;
  /** The saved insight shown, if any: notes pinned to it are marked too. */
  insightId?: number | undefined;
}

function NoData() {
  return <p class="muted no-data">No matching events in this date range.</p>;
}

/** Displays without a time axis: totals per series, so there is no bucket to mark. */
const TOTAL_DISPLAYS = new Set(['ActionsPie', 'ActionsBarValue']);

function TrendsView({
  results,
  display,
  title,
  height,
  insightId,
}: { results: TrendsSeries[] } & Omit<ResultViewProps, 'kind' | 'result'>) {
  const option = useMemo(() => trendsChartOption(results, display), [results, display]);
  if (results.length === 0) return <NoData />;
  if (display === 'BoldNumber') {
    const [first, previous] = [
      results.find((s) => s.compare_label !== 'previous'),
      results.find((s) => s.compare_label === 'previous'),
    ];
    const value = first ? seriesTotal(first) : 0;
    const label = first ? (seriesLabels([first])[0] ?? '') : '';
    return (
      <div class="bold-number" data-testid="bold-number">
        <span class="value">{value.toLocaleString()}</span>
        <span class="muted small">{label}</span>
        {previous && (
          <span class="muted small">Previous period: {seriesTotal(previous).toLocaleString()}</span>
        )}
      </div>
    );
  }
  if (display === 'ActionsTable') return <ResultGrid table={trendsTable(results)} label={title} />;
  const current = results.find((s) => s.compare_label !== 'previous') ?? results[0];
  if (current && !TOTAL_DISPLAYS.has(display))
    return (
      <AnnotatedChart
        option={option}
        days={current.days}
        labels={current.labels}
        label={title}
        height={height}
        insightId={insightId}
      />
    );
  return <EChart option={option} label={title} height={height} />;
}

type ChartOf<T> = { results: T; title: string; height?: number | undefined; insightId?: number | undefined };

function LifecycleView({ results, title, height, insightId }: ChartOf<LifecycleSeries[]>) {
  const option = useMemo(() => lifecycleChartOption(results), [results]);
  if (results.every((s) => s.data.every((v) => v === 0))) return <NoData />;
  const first = results[0];
  if (first?.days)
    return (
      <AnnotatedChart
        option={option}
        days={first.days}
        labels={first.labels}
        label={title}
        height={height}
        insightId={insightId}
      />
    );
  return <EChart option={option} label={title} height={height} />;
}

function StickinessView({ results, title, height }: ChartOf<StickinessSeries[]>) {
  const option = useMemo(() => stickinessChartOption(results), [results]);
  if (results.every((s) => s.count === 0)) return <NoData />;
  return <EChart option={option} label={title} height={height} />;
}

function PathsView({ results, title, height }: ChartOf<PathEdge[]>) {
  const option = useMemo(() => pathsChartOption(results), [results]);
  if (results.length === 0) return <NoData />;
  return <EChart option={option} label={title} height={Math.max(height ?? 280, 320)} />;
}

function FunnelView({ results: result, title, height }: ChartOf<unknown[]>) {
  // A breakdown funnel is a list of step lists, one per breakdown value.
  const breakdown = Array.isArray(result[0]);
  const option = useMemo(
    () =>
      breakdown
        ? funnelBreakdownChartOption(result as FunnelStep[][])
        : funnelChartOption(result as FunnelStep[]),
    [result, breakdown],
  );
  const lists = (breakdown ? result : [result]) as FunnelStep[][];
  if (lists.every((steps) => (steps[0]?.count ?? 0) === 0)) return <NoData />;
  return (
    <>
      <EChart option={option} label={title} height={height} />
      <ResultGrid
        table={breakdown ? funnelBreakdownTable(lists) : funnelTable(lists[0] ?? [])}
        label={`${title} steps`}
      />
    </>
  );
}

function TimeToConvertView({ results: result, title, height }: ChartOf<TimeToConvert>) {
  const option = useMemo(() => timeToConvertChartOption(result), [result]);
  if (result.bins.length === 0) return <NoData />;
  return (
    <>
      <p class="muted small" data-testid="average-conversion-time">
        Average time to convert:{' '}
        {result.average_conversion_time === null ? '–' : formatDuration(result.average_conversion_time)}
      </p>
      <EChart option={option} label={title} height={height} />
      <ResultGrid table={timeToConvertTable(result)} label={`${title} times to convert`} />
    </>
  );
}

/** Draws any supported insight result in its display; the chart library loads on first use. */
export function InsightResultView({ kind, display, result, title, height, insightId }: ResultViewProps) {
  if (kind === 'FunnelsQuery' && isTimeToConvert(result))
    return <TimeToConvertView results={result} title={title} height={height} />;
  if (!Array.isArray(result)) return <NoData />;
  if (kind === 'LifecycleQuery')
    return (
      <LifecycleView
        results={result as LifecycleSeries[]}
        title={title}
        height={height}
        insightId={insightId}
      />
    );
  if (kind === 'StickinessQuery')
    return <StickinessView results={result as StickinessSeries[]} title={title} height={height} />;
  if (kind === 'PathsQuery')
    return <PathsView results={result as PathEdge[]} title={title} height={height} />;
  if (kind === 'RetentionQuery') {
    return result.length ? <RetentionGrid cohorts={result as RetentionCohort[]} /> : <NoData />;
  }
  if (kind === 'FunnelsQuery') {
    if (result.length === 0) return <NoData />;
    return <FunnelView results={result} title={title} height={height} />;
  }
  const series = result as TrendsSeries[];
  const empty = series.every((s) => seriesTotal(s) === 0);
  if (empty) return <NoData />;
  return (
    <TrendsView results={series} display={display} title={title} height={height} insightId={insightId} />
  );
}
