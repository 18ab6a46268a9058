import { describe, expect, it } from 'vitest';
import type { FunnelStep } from '../api/query-types.ts';
import { periodLabel } from '../charts/period-label.ts';
import { draftFromQuery } from './draft-from-query.ts';
import { newDraft, newFilter, newSeries, switchKind, toQuery } from './insight-draft.ts';
import { tableFor } from './result-table.ts';
import { MAX_RETENTION_INTERVALS, retentionIntervals } from './retention-intervals.ts';

describe('toQuery', () => {
  it('writes a trends query with maths, typed filter values, breakdown and comparison', () => {
    const draft = {
      ...newDraft('trends'),
      series: [
        { ...newSeries('purchase'), math: 'sum', mathProperty: 'amount' },
        { ...newSeries(''), math: 'unique_group', mathGroupTypeIndex: 1 },
      ],
      filters: [
        { ...newFilter(), key: 'amount', operator: 'gt', value: '10' },
        { ...newFilter(), key: 'plan', type: 'group' as const, groupTypeIndex: 1, value: 'team' },
        { ...newFilter(), key: 'email', type: 'person' as const, operator: 'is_set', value: 'ignored' },
        { ...newFilter(), key: '  ' },
      ],
      breakdown: { key: 'country', type: 'person' as const, groupTypeIndex: 0 },
      compare: true,
      display: 'ActionsPie' as const,
      interval: 'week' as const,
    };
    expect(toQuery(draft)).toEqual({
      kind: 'TrendsQuery',
      series: [
        { kind: 'EventsNode', event: 'purchase', name: 'purchase', math: 'sum', math_property: 'amount' },
        {
          kind: 'EventsNode',
          event: null,
          name: 'All events',
          math: 'unique_group',
          math_group_type_index: 1,
        },
      ],
      dateRange: { date_from: '-7d', date_to: null },
      interval: 'week',
      properties: [
        { key: 'amount', type: 'event', operator: 'gt', value: 10 },
        { key: 'plan', type: 'group', group_type_index: 1, operator: 'exact', value: 'team' },
        { key: 'email', type: 'person', operator: 'is_set' },
      ],
      breakdownFilter: { breakdown: 'country', breakdown_type: 'person' },
      compareFilter: { compare: true },
      trendsFilter: { display: 'ActionsPie' },
    });
  });

  it('writes funnels with their window and retention with start and return events', () => {
    const funnel = { ...newDraft('funnels'), series: [newSeries('a'), newSeries('b')], funnelWindow: 3 };
    expect(toQuery(funnel)).toMatchObject({
      kind: 'FunnelsQuery',
      series: [{ event: 'a' }, { event: 'b' }],
      funnelsFilter: { funnelWindowInterval: 3, funnelWindowIntervalUnit: 'day' },
    });
    const retention = { ...newDraft('retention'), series: [newSeries('signup'), newSeries('')] };
    expect(toQuery(retention)).toMatchObject({
      kind: 'RetentionQuery',
      retentionFilter: { targetEntity: { id: 'signup' }, returningEntity: { id: null }, period: 'Day' },
    });
  });
});

describe('draftFromQuery', () => {
  it('reads back what toQuery wrote, through the saved InsightVizNode wrapper', () => {
    for (const kind of ['trends', 'funnels', 'retention'] as const) {
      const draft = {
        ...newDraft(kind),
        dateFrom: '-30d',
        filters: [{ ...newFilter(), key: 'plan', value: 'team' }],
      };
      if (kind === 'trends') {
        draft.breakdown = { key: 'plan', type: 'event', groupTypeIndex: 0 };
        draft.display = 'BoldNumber';
      }
      const saved = { kind: 'InsightVizNode', source: toQuery(draft) };
      expect(toQuery(draftFromQuery(saved))).toEqual(toQuery(draft));
    }
  });

  it('keeps a template tile’s event-name filter and total-bar display', () => {
    const d = draftFromQuery({
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: null }],
      properties: [{ key: 'event', type: 'event_metadata', operator: 'not_regex', value: '^\\$' }],
      trendsFilter: { display: 'ActionsBarValue' },
    });
    expect(d.filters).toEqual([
      { key: 'event', type: 'event_metadata', groupTypeIndex: 0, operator: 'not_regex', value: '^\\$' },
    ]);
    expect(d.display).toBe('ActionsBarValue');
  });
});

describe('retention over the chosen date range', () => {
  const now = new Date(2026, 11, 6, 15, 0).getTime();
  it('has one cohort per period from the start of the range to its end, both included', () => {
    expect(retentionIntervals('-7d', null, 'Day', now)).toBe(8);
    expect(retentionIntervals('-30d', null, 'Day', now)).toBe(31);
    expect(retentionIntervals('-90d', null, 'Week', now)).toBe(13);
    expect(retentionIntervals('-1y', null, 'Month', now)).toBe(12);
    expect(retentionIntervals('2026-11-01', '2026-11-10', 'Day', now)).toBe(10);
    expect(retentionIntervals('mStart', null, 'Day', now)).toBe(6);
    expect(retentionIntervals('-3y', null, 'Day', now)).toBe(MAX_RETENTION_INTERVALS);
    expect(retentionIntervals('all', null, 'Day', now)).toBe(MAX_RETENTION_INTERVALS);
    expect(retentionIntervals('nonsense', null, 'Day', now)).toBe(8);
  });

  it('sends that count with the query', () => {
    const draft = { ...newDraft('retention'), dateFrom: '-30d', series: [newSeries('signup')] };
    const q = toQuery(draft) as { retentionFilter: { totalIntervals: number } };
    expect(q.retentionFilter.totalIntervals).toBe(31);
  });
});

describe('retention cohort labels', () => {
  const now = new Date(2026, 11, 6);
  it('reads as dates for each period', () => {
    const at = new Date(2026, 10, 30, 0, 0).toISOString();
    expect(periodLabel(at, 'Day', now)).toBe('Nov 30');
    expect(periodLabel(at, 'Week', now)).toBe('Week of Nov 30');
    expect(periodLabel(at, 'Month', now)).toBe('Nov 2026');
    expect(periodLabel(new Date(2025, 0, 2).toISOString(), 'Day', now)).toBe('Jan 2, 2025');
  });
});

describe('switching the insight kind', () => {
  it('keeps the chosen events, filters, range and interval', () => {
    const trends = {
      ...newDraft('trends'),
      series: [newSeries('auth.login'), newSeries('timer.started'), newSeries('export.csv')],
      filters: [{ ...newFilter(), key: 'plan', value: 'team' }],
      dateFrom: '-30d',
      interval: 'week' as const,
    };
    const funnel = switchKind(trends, 'funnels');
    expect(funnel.series.map((s) => s.event)).toEqual(['auth.login', 'timer.started']);
    expect(funnel).toMatchObject({
      kind: 'funnels',
      dateFrom: '-30d',
      interval: 'week',
      filters: trends.filters,
    });
    const retention = switchKind({ ...trends, series: [newSeries('auth.login')] }, 'retention');
    expect(retention.series.map((s) => s.event)).toEqual(['auth.login', 'auth.login']);
    const lifecycle = switchKind(trends, 'lifecycle');
    expect(lifecycle.series.map((s) => s.event)).toEqual(['auth.login']);
    const back = switchKind(funnel, 'trends');
    expect(back.series.map((s) => s.event)).toEqual(['auth.login', 'timer.started']);
    const fromEmpty = switchKind({ ...trends, series: [newSeries('')] }, 'funnels');
    expect(fromEmpty.series.map((s) => s.event)).toEqual(['$pageview', '']);
  });
});

describe('the funnel builder', () => {
  it('sends step order, what to count, the breakdown and time to convert, and reads them back', () => {
    const draft = {
      ...newDraft('funnels'),
      series: [newSeries('auth.login'), newSeries('timer.started')],
      funnelOrder: 'strict' as const,
      funnelAggregation: 0,
      breakdown: { key: 'plan', type: 'person' as const, groupTypeIndex: 0 },
    };
    const q = toQuery(draft);
    expect(q).toMatchObject({
      kind: 'FunnelsQuery',
      aggregation_group_type_index: 0,
      breakdownFilter: { breakdown: 'plan', breakdown_type: 'person' },
      funnelsFilter: { funnelOrderType: 'strict', funnelVizType: 'steps' },
    });
    const back = draftFromQuery({ kind: 'InsightVizNode', source: q });
    expect(back).toMatchObject({ funnelOrder: 'strict', funnelAggregation: 0, funnelViz: 'steps' });
    expect(back.breakdown).toMatchObject({ key: 'plan', type: 'person' });
    const ttc = toQuery({ ...draft, funnelViz: 'time_to_convert', funnelAggregation: null });
    expect(ttc).toMatchObject({ funnelsFilter: { funnelVizType: 'time_to_convert' } });
    expect(ttc).not.toHaveProperty('aggregation_group_type_index');
  });
});

describe('funnel result tables', () => {
  const step = (order: number, count: number, value: string): FunnelStep => ({
    name: order ? 'b' : 'a',
    custom_name: null,
    order,
    count,
    average_conversion_time: null,
    conversionRates: { fromPrevious: order ? 0.5 : 1, total: order ? 0.5 : 1 },
    breakdown_value: [value],
  });
  it('lists every breakdown value with its steps', () => {
    const table = tableFor('FunnelsQuery', [
      [step(0, 4, 'team'), step(1, 2, 'team')],
      [step(0, 2, 'free'), step(1, 1, 'free')],
    ]);
    expect(table?.columns[0]).toBe('Breakdown');
    expect(table?.rows.map((r) => [r[0], r[3]])).toEqual([
      ['team', 4],
      ['team', 2],
      ['free', 2],
      ['free', 1],
    ]);
  });
  it('lists the time-to-convert bins', () => {
    const table = tableFor('FunnelsQuery', {
      bins: [
        [30, 2],
        [3600, 1],
      ],
      average_conversion_time: 1214,
    });
    expect(table?.rows).toEqual([
      ['30 s', 30, 2],
      ['60 min', 3600, 1],
    ]);
  });
});
