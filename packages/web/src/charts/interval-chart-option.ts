import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE } from './palette.ts';

/** One row of an interval chart: a point estimate and the interval around it. */
export interface IntervalRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  /** Index into the palette, so a variant keeps its colour across charts; defaults to the row's index. */
  colorIndex?: number;
}

// The subset of ECharts' custom-series API the renderer uses (typed here rather than through echarts' deep
// internal types).
interface RenderApi {
  value(dimension: number): number;
  coord(point: [number, number]): number[];
  size(point: [number, number]): number[];
}

const CAP = 0.22;

/**
 * Horizontal error bars, one row per variant: a line from lower to upper with caps and a dot at the estimate,
 * and a dashed line through every row at `reference` (the control's value, or 0 for a change).
 */
export function intervalChartOption(
  rows: IntervalRow[],
  reference: number | null,
  format: (n: number) => string,
): EChartsCoreOption {
  const data = rows.map((r, i) => [r.lower, r.upper, r.estimate, i]);
  const extent = rows.flatMap((r) => [r.lower, r.upper]).concat(reference === null ? [] : [reference]);
  const min = Math.min(...extent);
  const max = Math.max(...extent);
  const pad = (max - min || Math.abs(max) || 1) * 0.12;
  const renderItem = (params: { dataIndex: number }, api: RenderApi) => {
    const y = api.value(3);
    const [x0 = 0, yc = 0] = api.coord([api.value(0), y]);
    const [x1 = 0] = api.coord([api.value(1), y]);
    const [xe = 0] = api.coord([api.value(2), y]);
    const band = api.size([0, 1])[1] ?? 20;
    const cap = band * CAP;
    const color = PALETTE[(rows[params.dataIndex]?.colorIndex ?? params.dataIndex) % PALETTE.length];
    const stroke = { stroke: color, lineWidth: 2.5 };
    const children: object[] = [
      { type: 'line', shape: { x1: x0, y1: yc, x2: x1, y2: yc }, style: stroke },
      { type: 'line', shape: { x1: x0, y1: yc - cap, x2: x0, y2: yc + cap }, style: stroke },
      { type: 'line', shape: { x1: x1, y1: yc - cap, x2: x1, y2: yc + cap }, style: stroke },
      {
        type: 'circle',
        shape: { cx: xe, cy: yc, r: 5 },
        style: { fill: color, stroke: '#fff', lineWidth: 1.5 },
      },
    ];
    if (reference !== null) {
      const [xr = 0] = api.coord([reference, y]);
      children.unshift({
        type: 'line',
        shape: { x1: xr, y1: yc - band / 2, x2: xr, y2: yc + band / 2 },
        style: { stroke: '#868e96', lineWidth: 1, lineDash: [4, 3] },
        silent: true,
      });
    }
    return { type: 'group', children };
  };
  return {
    animation: false,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        return r ? `${r.label}: ${format(r.estimate)} [${format(r.lower)}, ${format(r.upper)}]` : '';
      },
    },
    xAxis: {
      type: 'value',
      min: min - pad,
      max: max + pad,
      scale: true,
      // The padded ends are not round numbers: only the inner ticks are labelled.
      axisLabel: {
        formatter: (v: number) => format(v),
        showMinLabel: false,
        showMaxLabel: false,
        color: '#6b7080',
        fontSize: 11,
      },
      splitLine: { lineStyle: { color: '#eef0f3' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLabel: { color: '#1d1f24', fontSize: 12 },
      axisTick: { show: false },
    },
    series: [{ type: 'custom', renderItem, encode: { x: [0, 1, 2], y: 3 }, data }],
  };
}
