import type { EChartsCoreOption } from 'echarts/core';
import type { FunnelStep, TimeToConvert } from '../api/query-types.ts';
import { formatNumber } from './number-format.ts';
import { PALETTE } from './palette.ts';

const TEXT = { color: '#6b7080', fontSize: 11 };

/** A breakdown funnel's value, as PostHog sends it on each step (a one-element list). */
export function breakdownLabel(steps: FunnelStep[]): string {
  const value = steps[0]?.breakdown_value?.[0];
  return value === undefined || value === '' ? '(none)' : String(value);
}

/** One bar per breakdown value at each step, labelled with that value's conversion from its first step. */
export function funnelBreakdownChartOption(lists: FunnelStep[][]): EChartsCoreOption {
  const first = lists[0] ?? [];
  return {
    color: PALETTE,
    animationDuration: 300,
    tooltip: { trigger: 'axis', confine: true },
    legend: { type: 'scroll', bottom: 0, textStyle: TEXT },
    grid: { left: 8, right: 16, top: 24, bottom: 36, containLabel: true },
    xAxis: {
      type: 'category',
      data: first.map((s) => `${s.order + 1}. ${s.custom_name || s.name}`),
      axisLabel: { ...TEXT, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: lists.map((steps) => ({
      type: 'bar',
      name: breakdownLabel(steps),
      barMaxWidth: 40,
      data: steps.map((s) => s.count),
      label: {
        show: lists.length <= 4,
        position: 'top',
        fontSize: 10,
        formatter: ({ dataIndex }: { dataIndex: number }) =>
          `${((steps[dataIndex]?.conversionRates.total ?? 0) * 100).toFixed(0)}%`,
      },
    })),
  };
}

/** "45 s", "12 min", "3.5 h", "2.1 d": conversion times span seconds to weeks. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** The histogram of times to convert: persons per bin, each bin named by where it starts. */
export function timeToConvertChartOption(ttc: TimeToConvert): EChartsCoreOption {
  return {
    color: PALETTE,
    animationDuration: 300,
    tooltip: { trigger: 'axis', confine: true },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: ttc.bins.map(([from]) => formatDuration(from)),
      axisLabel: TEXT,
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        data: ttc.bins.map(([, count]) => count),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: ({ value }: { value: number }) => formatNumber(value),
        },
      },
    ],
  };
}
