import type { EChartsCoreOption } from 'echarts/core';
import type { PathEdge } from '../api/query-types.ts';
import { PALETTE } from './palette.ts';

/** "3_/pricing" → "/pricing": the step prefix keeps nodes of different steps apart but is not for reading. */
export const stepItem = (node: string) => node.replace(/^\d+_/, '');

export const stepOf = (node: string) => Number(/^(\d+)_/.exec(node)?.[1] ?? 0);

/** The nodes of a paths result, in step order, each named once. */
export function pathNodes(edges: PathEdge[]): string[] {
  const names = new Set(edges.flatMap((e) => [e.source, e.target]));
  return [...names].sort((a, b) => stepOf(a) - stepOf(b) || a.localeCompare(b));
}

/** A Sankey of the paths: one column per step, link width = users taking that step. */
export function pathsChartOption(edges: PathEdge[]): EChartsCoreOption {
  const items = [...new Set(edges.flatMap((e) => [stepItem(e.source), stepItem(e.target)]))].sort();
  // The same page or event keeps one colour across steps.
  const colorOf = (node: string) => PALETTE[items.indexOf(stepItem(node)) % PALETTE.length];
  return {
    // Sankey's layout animation shows half-drawn flows for a moment; paths appear at once instead.
    animation: false,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: {
        dataType?: string;
        name: string;
        value: number;
        data: { source?: string; target?: string };
      }) =>
        p.dataType === 'edge'
          ? `${stepItem(p.data.source ?? '')} → ${stepItem(p.data.target ?? '')}: ${p.value.toLocaleString()}`
          : `${stepItem(p.name)} (step ${stepOf(p.name)}): ${p.value.toLocaleString()}`,
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 140,
        top: 12,
        bottom: 12,
        nodeGap: 10,
        // Each node in its own step's column, even where a path ends early.
        nodeAlign: 'left',
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        label: { formatter: (p: { name: string }) => stepItem(p.name), color: '#1d1f24', fontSize: 11 },
        data: pathNodes(edges).map((name) => ({ name, itemStyle: { color: colorOf(name) } })),
        links: edges.map((e) => ({ source: e.source, target: e.target, value: e.value })),
      },
    ],
  };
}
