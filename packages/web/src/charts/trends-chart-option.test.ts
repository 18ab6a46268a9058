import { describe, expect, it } from 'vitest';
import type { TrendsSeries } from '../api/query-types.ts';
import { lastPeriodIncomplete } from './incomplete-period.ts';
import { formatNumber, formatTick } from './number-format.ts';
import { trendsChartOption } from './trends-chart-option.ts';

const series = (data: number[], days: string[], extra: Partial<TrendsSeries> = {}): TrendsSeries => ({
  label: 'pageviews',
  count: data.reduce((a, b) => a + b, 0),
  data,
  labels: days,
  days,
  action: { name: 'pageviews', order: 0 },
  ...extra,
});
const local = (iso: string) => new Date(iso).getTime();
type Formatter = (p: { name: string; value: unknown; percent?: number; marker?: string }) => string;
interface SeriesOption {
  type: string;
  name?: string;
  data: unknown[];
  lineStyle?: { type?: string };
  label?: { formatter?: Formatter };
}
const seriesOf = (option: unknown) => (option as { series: SeriesOption[] }).series;

describe('numbers on charts', () => {
  it('separates thousands and keeps at most two decimals; ticks shorten large values', () => {
    expect(formatNumber(67367)).toBe('67,367');
    expect(formatNumber(2.34567)).toBe('2.35');
    expect(formatTick(67367)).toBe('67.4K');
    expect(formatTick(1_250_000)).toBe('1.3M');
    expect(formatTick(9999)).toBe('9,999');
  });

  it('labels pie slices with their value and share, and bars of totals with formatted values', () => {
    const results = [
      series([60000, 7367], ['2026-01-01', '2026-01-02'], { breakdown_value: 'linux' }),
      series([1000], ['2026-01-01'], { breakdown_value: 'mac' }),
    ];
    const pie = seriesOf(trendsChartOption(results, 'ActionsPie'))[0];
    expect(pie?.label?.formatter?.({ name: 'linux', value: 67367, percent: 98.5 })).toBe(
      'linux\n67,367 (98.5%)',
    );
    const bars = seriesOf(trendsChartOption(results, 'ActionsBarValue'))[0];
    expect(bars?.label?.formatter?.({ name: 'linux', value: 67367 })).toBe('67,367');
  });
});

describe('the unfinished current period', () => {
  const days = ['2026-12-04', '2026-12-05', '2026-12-06'];

  it('is the last bucket only while now falls inside it (days, hours and calendar months)', () => {
    expect(lastPeriodIncomplete(days, local('2026-12-06T15:00:00'))).toBe(true);
    expect(lastPeriodIncomplete(days, local('2026-12-07T00:30:00'))).toBe(false);
    const hours = ['2026-12-06 13:00:00', '2026-12-06 14:00:00'];
    expect(lastPeriodIncomplete(hours, local('2026-12-06T14:59:00'))).toBe(true);
    expect(lastPeriodIncomplete(hours, local('2026-12-06T15:00:00'))).toBe(false);
    const months = ['2026-11-01', '2026-12-01'];
    expect(lastPeriodIncomplete(months, local('2026-12-31T23:00:00'))).toBe(true);
    expect(lastPeriodIncomplete(months, local('2027-01-01T00:10:00'))).toBe(false);
    expect(lastPeriodIncomplete(['2026-12-06'], local('2026-12-06T10:00:00'))).toBe(false);
  });

  it('draws the last segment of a line dashed instead of a drop, and leaves finished ranges solid', () => {
    const result = [series([120, 130, 12], days)];
    const drawn = seriesOf(trendsChartOption(result, 'ActionsLineGraph', local('2026-12-06T09:00:00')));
    expect(drawn).toHaveLength(2);
    expect(drawn[0]?.data).toEqual([120, 130, null]);
    expect(drawn[1]?.data).toEqual([null, 130, 12]);
    expect(drawn[1]?.lineStyle?.type).toBe('dashed');
    expect(drawn[0]?.name).toBe(drawn[1]?.name);
    const finished = seriesOf(trendsChartOption(result, 'ActionsLineGraph', local('2026-12-09T09:00:00')));
    expect(finished).toHaveLength(1);
    expect(finished[0]?.data).toEqual([120, 130, 12]);
  });

  it('fades the last bar with a dashed edge', () => {
    const drawn = seriesOf(
      trendsChartOption([series([5, 6, 1], days)], 'ActionsBar', local('2026-12-06T09:00:00')),
    );
    expect(drawn).toHaveLength(1);
    expect(drawn[0]?.data.slice(0, 2)).toEqual([5, 6]);
    expect(drawn[0]?.data[2]).toMatchObject({ value: 1, itemStyle: { borderType: 'dashed' } });
  });
});
