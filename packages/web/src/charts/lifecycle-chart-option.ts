import type { EChartsCoreOption } from 'echarts/core';
import type { LifecycleSeries, LifecycleStatus } from '../api/query-types.ts';

// Gained users stack upwards and lost (dormant) users downwards from zero, in one column, as PostHog draws it.
const COLORS: Record<LifecycleStatus, string> = {
  new: '#2b8a3e',
  returning: '#3b5bdb',
  resurrecting: '#7048e8',
  dormant: '#e8590c',
};

const TEXT = { color: '#6b7080', fontSize: 11 };

export function lifecycleChartOption(results: LifecycleSeries[]): EChartsCoreOption {
  const labels = results[0]?.labels ?? [];
  return {
    animationDuration: 300,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0, textStyle: TEXT, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: TEXT },
    yAxis: { type: 'value', axisLabel: TEXT, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: results.map((s) => ({
      type: 'bar',
      name: s.status,
      // One stack per interval; same-sign stacking puts the (negative) dormant bar below the axis.
      stack: 'lifecycle',
      stackStrategy: 'samesign',
      itemStyle: { color: COLORS[s.status] },
      barMaxWidth: 36,
      data: s.data,
    })),
  };
}
