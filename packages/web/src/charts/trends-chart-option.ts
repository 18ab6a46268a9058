import type { EChartsCoreOption } from 'echarts/core';
import type { TrendsSeries } from '../api/query-types.ts';
import { lastPeriodIncomplete } from './incomplete-period.ts';
import { formatNumber, formatTick } from './number-format.ts';
import { PALETTE } from './palette.ts';

/**
 * A series' name as shown in legends and tables: the breakdown value alone when there is one series (as
 * PostHog shows it), else the series' custom name or event and the value; marked when from the previous period.
 */
export function seriesLabel(s: TrendsSeries, singleSeries = false): string {
  const base = s.action.custom_name || s.action.name || s.label;
  const value =
    s.breakdown_value === undefined || s.breakdown_value === '' ? null : String(s.breakdown_value);
  const name = value === null ? base : singleSeries ? value : `${base} · ${value}`;
  return s.compare_label === 'previous' ? `${name} (previous period)` : name;
}

/** Labels for every result, knowing whether the query had one series or several. */
export function seriesLabels(results: TrendsSeries[]): string[] {
  const single = new Set(results.map((s) => s.action.order ?? 0)).size <= 1;
  return results.map((s) => seriesLabel(s, single));
}

/** The single number of a series: the aggregated value for total displays, else the sum of buckets. */
export const seriesTotal = (s: TrendsSeries): number => s.aggregated_value ?? s.count;

const TEXT = { color: '#6b7080', fontSize: 11 };

/** The parts of ECharts' formatter argument we read. */
interface Point {
  name: string;
  seriesName?: string;
  value: unknown;
  percent?: number;
  marker?: string;
  axisValueLabel?: string;
}
const numberOf = (p: Point): number | null => (typeof p.value === 'number' ? p.value : null);
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** Axis tooltips list each series once (an incomplete period is drawn as a second series of the same name). */
function axisTooltip(points: Point | Point[]): string {
  const list = Array.isArray(points) ? points : [points];
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const p of list) {
    const value = numberOf(p);
    const name = p.seriesName ?? p.name;
    if (value === null || seen.has(name)) continue;
    seen.add(name);
    rows.push(`${p.marker ?? ''}${escapeHtml(name)}: <b>${formatNumber(value)}</b>`);
  }
  return [escapeHtml(list[0]?.axisValueLabel ?? ''), ...rows].join('<br/>');
}

const base = {
  color: PALETTE,
  animationDuration: 300,
  textStyle: { fontFamily: 'system-ui, sans-serif' },
  tooltip: { trigger: 'axis', confine: true, formatter: axisTooltip },
};

/** The last bucket drawn as provisional: the line's last segment dashed, the last bar faded with a dashed edge. */
function withIncompleteTail(
  s: TrendsSeries,
  name: string | undefined,
  bar: boolean,
  color: string,
): Record<string, unknown>[] {
  const last = s.data.length - 1;
  if (bar)
    return [
      {
        type: 'bar',
        name,
        barMaxWidth: 28,
        data: s.data.map((value, i) =>
          i === last
            ? {
                value,
                itemStyle: { opacity: 0.45, borderType: 'dashed', borderColor: color, borderWidth: 1 },
              }
            : value,
        ),
      },
    ];
  const solid = s.data.map((v, i) => (i === last ? null : v));
  const tail = s.data.map((v, i) => (i >= last - 1 ? v : null));
  const common = { type: 'line', name, showSymbol: s.data.length <= 31, smooth: false, itemStyle: { color } };
  return [
    { ...common, data: solid },
    { ...common, data: tail, lineStyle: { type: 'dashed', color }, z: 1 },
  ];
}

/** ECharts options for a trends result as a line, bar, bar-of-totals or pie chart. */
export function trendsChartOption(
  results: TrendsSeries[],
  display: string,
  now = Date.now(),
): EChartsCoreOption {
  const labels = seriesLabels(results);
  const legend = {
    type: 'scroll',
    bottom: 0,
    textStyle: TEXT,
    icon: 'roundRect',
    itemWidth: 10,
    itemHeight: 10,
  };
  if (display === 'ActionsPie') {
    return {
      ...base,
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: Point) =>
          `${p.marker ?? ''}${escapeHtml(p.name)}: <b>${formatNumber(numberOf(p) ?? 0)}</b> (${p.percent ?? 0}%)`,
      },
      legend,
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          center: ['50%', '45%'],
          label: {
            show: results.length <= 8,
            color: '#1d1f24',
            fontSize: 11,
            formatter: (p: Point) => `${p.name}\n${formatNumber(numberOf(p) ?? 0)} (${p.percent ?? 0}%)`,
          },
          data: results.map((s, i) => ({ name: labels[i], value: seriesTotal(s) })),
        },
      ],
    };
  }
  const grid = { left: 8, right: 16, top: 16, bottom: results.length > 1 ? 36 : 8, containLabel: true };
  // Counts get whole-number ticks; averages and property sums may be fractional.
  const whole = results.every((s) => s.data.every(Number.isInteger) && Number.isInteger(seriesTotal(s)));
  const valueAxis = {
    type: 'value',
    axisLabel: { ...TEXT, formatter: formatTick },
    splitLine: { lineStyle: { color: '#eceef2' } },
    ...(whole ? { minInterval: 1 } : {}),
  };
  if (display === 'ActionsBarValue') {
    const sorted = results
      .map((s, i) => ({ label: labels[i] ?? '', total: seriesTotal(s) }))
      .sort((a, b) => b.total - a.total);
    return {
      ...base,
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: Point) =>
          `${p.marker ?? ''}${escapeHtml(p.name)}: <b>${formatNumber(numberOf(p) ?? 0)}</b>`,
      },
      grid: { ...grid, bottom: 8 },
      xAxis: valueAxis,
      yAxis: { type: 'category', inverse: true, axisLabel: TEXT, data: sorted.map((s) => s.label) },
      series: [
        {
          type: 'bar',
          data: sorted.map((s, i) => ({
            value: s.total,
            itemStyle: { color: PALETTE[i % PALETTE.length] },
          })),
          barMaxWidth: 22,
          label: {
            show: true,
            position: 'right',
            fontSize: 11,
            formatter: (p: Point) => formatNumber(numberOf(p) ?? 0),
          },
        },
      ],
    };
  }
  const bar = display === 'ActionsBar';
  const current = results.find((s) => s.compare_label !== 'previous') ?? results[0];
  return {
    ...base,
    grid,
    legend: results.length > 1 ? legend : { show: false },
    xAxis: { type: 'category', boundaryGap: bar, axisLabel: TEXT, data: current?.labels ?? [] },
    yAxis: valueAxis,
    series: results.flatMap((s, i): Record<string, unknown>[] => {
      const color = PALETTE[i % PALETTE.length] ?? '#888';
      if (s.compare_label !== 'previous' && s.data.length >= 2 && lastPeriodIncomplete(s.days, now))
        return withIncompleteTail(s, labels[i], bar, color);
      return [
        {
          type: bar ? 'bar' : 'line',
          name: labels[i],
          data: s.data,
          showSymbol: s.data.length <= 31,
          smooth: false,
          itemStyle: { color },
          ...(s.compare_label === 'previous' ? { lineStyle: { type: 'dashed', opacity: 0.6, color } } : {}),
          ...(bar ? { barMaxWidth: 28 } : {}),
        },
      ];
    }),
  };
}
