import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { funnelTable, retentionTable, trendsTable } from './result-table.ts';

const series = (over: Record<string, unknown>) => ({
  label: 'pageview',
  count: 3,
  data: [1, 2],
  labels: ['1-Mar-2024', '2-Mar-2024'],
  days: ['2024-03-01', '2024-03-02'],
  action: { name: 'pageview', order: 0 },
  ...over,
});

describe('result tables and CSV', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    const csv = toCsv({
      columns: ['Series', 'Total'],
      rows: [
        ['a,"b"', 1],
        ['=cmd()', -2],
        ['line\nbreak', 0],
      ],
    });
    expect(csv).toBe('Series,Total\r\n"a,""b""",1\r\n\'=cmd(),-2\r\n"line\nbreak",0');
  });

  it('lays trends out one row per series with a column per bucket and a total', () => {
    const t = trendsTable([
      series({ breakdown_value: 'oidc' }),
      series({ breakdown_value: 'local', data: [0, 1], count: 1 }),
    ]);
    expect(t.columns).toEqual(['Series', '1-Mar-2024', '2-Mar-2024', 'Total']);
    expect(t.rows).toEqual([
      ['oidc', 1, 2, 3],
      ['local', 0, 1, 1],
    ]);
    // Several series: the breakdown value is prefixed with the series name.
    const two = trendsTable([
      series({ breakdown_value: 'x' }),
      series({ action: { name: 'click', order: 1 } }),
    ]);
    expect(two.rows.map((r) => r[0])).toEqual(['pageview · x', 'click']);
    const totals = trendsTable([series({ aggregated_value: 7, data: [], labels: [] })]);
    expect(totals).toEqual({ columns: ['Series', 'Total'], rows: [['pageview', 7]] });
  });

  it('tabulates funnel conversion and retention cohorts', () => {
    const step = (order: number, count: number, fromPrevious: number, total: number) => ({
      name: `s${order}`,
      custom_name: null,
      order,
      count,
      average_conversion_time: null,
      conversionRates: { fromPrevious, total },
    });
    expect(funnelTable([step(0, 4, 1, 1), step(1, 1, 0.25, 0.25)]).rows).toEqual([
      [1, 's0', 4, '100.0%', '100.0%'],
      [2, 's1', 1, '25.0%', '25.0%'],
    ]);
    const r = retentionTable([
      {
        date: 'd1',
        label: 'Day 0',
        values: [
          { count: 4, label: 'Day 0' },
          { count: 2, label: 'Day 1' },
        ],
      },
      { date: 'd2', label: 'Day 1', values: [{ count: 3, label: 'Day 0' }] },
    ]);
    expect(r.columns).toEqual(['Cohort', 'Persons', 'Period 0', 'Period 1']);
    expect(r.rows).toEqual([
      ['Day 0', 4, 4, 2],
      ['Day 1', 3, 3],
    ]);
  });
});
