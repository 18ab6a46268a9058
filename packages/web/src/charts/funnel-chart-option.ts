import type { EChartsCoreOption } from 'echarts/core';
import type { FunnelStep } from '../api/query-types.ts';
import { PALETTE } from './palette.ts';

/** Funnel steps as columns, each labelled with its conversion from the first step. */
export function funnelChartOption(steps: FunnelStep[]): EChartsCoreOption {
  return {
    color: PALETTE,
    animationDuration: 300,
    tooltip: { trigger: 'axis', confine: true },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: steps.map((s) => `${s.order + 1}. ${s.custom_name || s.name}`),
      axisLabel: { color: '#6b7080', fontSize: 11, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#6b7080', fontSize: 11 } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 64,
        data: steps.map((s) => s.count),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: ({ dataIndex }: { dataIndex: number }) => {
            const rate = steps[dataIndex]?.conversionRates.total ?? 0;
            return `${(rate * 100).toFixed(1)}%`;
          },
        },
      },
    ],
  };
}
