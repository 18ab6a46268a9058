import { describe, expect, it } from 'vitest';
import { lifecycleChartOption } from './lifecycle-chart-option.ts';
import { pathNodes, pathsChartOption, stepItem } from './paths-chart-option.ts';

const edge = (source: string, target: string, value: number) => ({
  source,
  target,
  value,
  average_conversion_time: 1000,
});

describe('paths as a Sankey', () => {
  it('has each node once, in step order, and shows names without the step prefix', () => {
    const edges = [
      edge('2_/pricing', '3_/signup', 3),
      edge('1_/', '2_/pricing', 5),
      edge('1_/', '2_/docs', 2),
    ];
    expect(pathNodes(edges)).toEqual(['1_/', '2_/docs', '2_/pricing', '3_/signup']);
    expect(stepItem('12_2_things')).toBe('2_things');
    const series = (pathsChartOption(edges) as { series: { links: unknown[]; data: { name: string }[] }[] })
      .series[0];
    expect(series?.links).toHaveLength(3);
    expect(series?.data.map((d) => d.name)).toEqual(pathNodes(edges));
  });
});

describe('lifecycle chart', () => {
  it('stacks every status in one column, dormant below the axis by its sign', () => {
    const s = (status: 'new' | 'returning' | 'resurrecting' | 'dormant', data: number[]) => ({
      label: status,
      status,
      count: 0,
      data,
      labels: ['a', 'b'],
    });
    const option = lifecycleChartOption([
      s('new', [1, 2]),
      s('returning', [0, 1]),
      s('dormant', [0, -2]),
    ]) as {
      series: { stack: string; stackStrategy: string; name: string; data: number[] }[];
    };
    expect(option.series.map((x) => [x.name, x.stack, x.stackStrategy])).toEqual([
      ['new', 'lifecycle', 'samesign'],
      ['returning', 'lifecycle', 'samesign'],
      ['dormant', 'lifecycle', 'samesign'],
    ]);
    expect(option.series[2]?.data).toEqual([0, -2]);
  });
});
