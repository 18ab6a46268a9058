import type { EChartsCoreOption } from 'echarts/core';
import type { StickinessSeries } from '../api/query-types.ts';
import { PALETTE } from './palette.ts';

const TEXT = { color: '#6b7080', fontSize: 11 };

/** Bars of users by how many intervals of the range they were active on, one bar colour per series. */
export function stickinessChartOption(results: StickinessSeries[]): EChartsCoreOption {
  return {
    color: PALETTE,
    animationDuration: 300,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0, textStyle: TEXT, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: results[0]?.labels ?? [], axisLabel: TEXT },
    yAxis: {
      type: 'value',
      name: 'users',
      nameTextStyle: TEXT,
      axisLabel: TEXT,
      splitLine: { lineStyle: { color: '#eef0f3' } },
    },
    series: results.map((s) => ({ type: 'bar', name: s.label, barMaxWidth: 36, data: s.data })),
  };
}
