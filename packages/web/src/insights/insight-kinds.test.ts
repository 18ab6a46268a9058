import { describe, expect, it } from 'vitest';
import { draftFromQuery } from './draft-from-query.ts';
import { newDraft, newSeries, toQuery } from './insight-draft.ts';

describe('lifecycle, stickiness and paths drafts', () => {
  it('lifecycle sends exactly one series with the interval', () => {
    const d = {
      ...newDraft('lifecycle'),
      series: [newSeries('auth.login'), newSeries('extra')],
      interval: 'week' as const,
    };
    expect(toQuery(d)).toEqual({
      kind: 'LifecycleQuery',
      series: [{ kind: 'EventsNode', event: 'auth.login', name: 'auth.login' }],
      dateRange: { date_from: '-7d', date_to: null },
      interval: 'week',
    });
  });

  it('stickiness keeps every series and no math', () => {
    const d = { ...newDraft('stickiness'), series: [newSeries('a'), newSeries('b')] };
    const q = toQuery(d);
    expect(q).toMatchObject({ kind: 'StickinessQuery', interval: 'day' });
    expect('series' in q && q.series.map((s) => [s.event, s.math])).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
  });

  it('paths sends only the start and end points that are set', () => {
    const d = { ...newDraft('paths'), pathsStart: ' /home ', pathsStepLimit: 4 };
    expect(toQuery(d)).toMatchObject({
      kind: 'PathsQuery',
      pathsFilter: { includeEventTypes: ['$pageview', 'custom_event'], startPoint: '/home', stepLimit: 4 },
    });
    expect(toQuery(d)).not.toHaveProperty('pathsFilter.endPoint');
  });

  it('saved queries of the three kinds come back to the same query', () => {
    for (const d of [
      {
        ...newDraft('lifecycle'),
        series: [newSeries('auth.login')],
        interval: 'week' as const,
        dateFrom: '-30d',
      },
      { ...newDraft('stickiness'), series: [newSeries('x'), newSeries('y')] },
      {
        ...newDraft('paths'),
        pathsEventTypes: ['$screen' as const],
        pathsEnd: 'export.csv',
        pathsStepLimit: 7,
      },
    ]) {
      const query = toQuery(d);
      expect(toQuery(draftFromQuery({ kind: 'InsightVizNode', source: query }))).toEqual(query);
    }
  });
});
