import type {
  BreakdownFilter,
  EventsNode,
  InsightQuery,
  Interval,
  PathEventType,
  PropertyFilterType,
  QueryPropertyFilter,
  TrendsDisplay,
} from '../api/query-types.ts';
import { mathNeeds, operatorTakesValue } from './insight-options.ts';
import { retentionIntervals } from './retention-intervals.ts';

export type InsightKind = 'trends' | 'funnels' | 'retention' | 'lifecycle' | 'stickiness' | 'paths';

/** One series (or funnel step): an event name, '' meaning any event. */
export interface SeriesDraft {
  event: string;
  math: string;
  mathProperty: string;
  mathGroupTypeIndex: number;
}

export interface FilterDraft {
  key: string;
  type: PropertyFilterType;
  groupTypeIndex: number;
  operator: string;
  value: string;
}

export interface BreakdownDraft {
  key: string;
  type: 'event' | 'person' | 'group' | 'event_metadata';
  groupTypeIndex: number;
}

/** Everything the builder's form holds; `toQuery` turns it into the query the API runs and saves. */
export interface InsightDraft {
  kind: InsightKind;
  series: SeriesDraft[];
  filters: FilterDraft[];
  breakdown: BreakdownDraft | null;
  interval: Interval;
  dateFrom: string;
  dateTo: string;
  compare: boolean;
  display: TrendsDisplay;
  funnelWindow: number;
  funnelWindowUnit: 'minute' | 'hour' | 'day' | 'week';
  /** Steps in order (others may happen between), in strict order (nothing between), or in any order. */
  funnelOrder: 'ordered' | 'strict' | 'unordered';
  /** The steps chart, or the histogram of times from the first to the last step. */
  funnelViz: 'steps' | 'time_to_convert';
  /** null counts persons through the funnel; a group type index counts groups of that type. */
  funnelAggregation: number | null;
  retentionPeriod: 'Day' | 'Week' | 'Month';
  retentionType: 'retention_first_time' | 'retention_recurring';
  pathsEventTypes: PathEventType[];
  pathsStart: string;
  pathsEnd: string;
  pathsStepLimit: number;
}

export const newSeries = (event = ''): SeriesDraft => ({
  event,
  math: 'total',
  mathProperty: '',
  mathGroupTypeIndex: 0,
});

export const newFilter = (): FilterDraft => ({
  key: '',
  type: 'event',
  groupTypeIndex: 0,
  operator: 'exact',
  value: '',
});

export function newDraft(kind: InsightKind = 'trends'): InsightDraft {
  return {
    kind,
    series:
      kind === 'funnels' || kind === 'retention'
        ? [newSeries('$pageview'), newSeries('')]
        : [newSeries('$pageview')],
    filters: [],
    breakdown: null,
    interval: 'day',
    dateFrom: '-7d',
    dateTo: '',
    compare: false,
    display: 'ActionsLineGraph',
    funnelWindow: 14,
    funnelWindowUnit: 'day',
    funnelOrder: 'ordered',
    funnelViz: 'steps',
    funnelAggregation: null,
    retentionPeriod: 'Day',
    retentionType: 'retention_first_time',
    pathsEventTypes: ['$pageview', 'custom_event'],
    pathsStart: '',
    pathsEnd: '',
    pathsStepLimit: 5,
  };
}

/**
 * The draft of another insight kind that keeps what the person chose: events (by position; a second step or
 * returning event left empty becomes the first one's), filters, range and interval.
 */
export function switchKind(draft: InsightDraft, kind: InsightKind): InsightDraft {
  const next = newDraft(kind);
  const chosen = draft.series.filter((s) => s.event.trim() !== '');
  const series = next.series.map((fresh, i) => {
    const kept = chosen[i] ?? (kind === 'retention' ? chosen[0] : undefined);
    return kept ? { ...fresh, ...kept } : fresh;
  });
  // Trends and stickiness compare any number of series: keep them all.
  const all =
    kind === 'trends' || kind === 'stickiness' ? [...series, ...chosen.slice(series.length)] : series;
  return {
    ...next,
    series: all,
    filters: draft.filters,
    dateFrom: draft.dateFrom,
    dateTo: draft.dateTo,
    interval: draft.interval,
  };
}

// Numeric comparisons need numbers on the wire; everything else compares as typed.
const NUMERIC = new Set(['gt', 'lt', 'gte', 'lte']);

function filterOf(f: FilterDraft): QueryPropertyFilter {
  const base: QueryPropertyFilter = { key: f.key.trim(), type: f.type, operator: f.operator };
  if (f.type === 'group') base.group_type_index = f.groupTypeIndex;
  if (!operatorTakesValue(f.operator)) return base;
  const raw = f.value.trim();
  return {
    ...base,
    value: NUMERIC.has(f.operator) && raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw,
  };
}

function nodeOf(s: SeriesDraft, withMath: boolean): EventsNode {
  const event = s.event.trim() || null;
  const node: EventsNode = { kind: 'EventsNode', event, name: event ?? 'All events' };
  if (!withMath) return node;
  node.math = s.math;
  const needs = mathNeeds(s.math);
  if (needs === 'property') node.math_property = s.mathProperty.trim();
  if (needs === 'group') node.math_group_type_index = s.mathGroupTypeIndex;
  return node;
}

/** The breakdown part of a trends or funnels query; nothing until a property is named. */
function breakdownFilterOf(d: InsightDraft): { breakdownFilter?: BreakdownFilter } {
  const breakdown = d.breakdown?.key.trim();
  if (!d.breakdown || !breakdown) return {};
  return {
    breakdownFilter: {
      breakdown,
      breakdown_type: d.breakdown.type,
      ...(d.breakdown.type === 'group' ? { breakdown_group_type_index: d.breakdown.groupTypeIndex } : {}),
    },
  };
}

/** The runnable query for the draft; filters without a property name are left out until completed. */
export function toQuery(d: InsightDraft): InsightQuery {
  const dateRange = { date_from: d.dateFrom || '-7d', date_to: d.dateTo || null };
  const filters = d.filters.filter((f) => f.key.trim() !== '').map(filterOf);
  const properties = filters.length ? { properties: filters } : {};
  if (d.kind === 'funnels') {
    return {
      kind: 'FunnelsQuery',
      series: d.series.map((s) => nodeOf(s, false)),
      dateRange,
      ...properties,
      ...breakdownFilterOf(d),
      ...(d.funnelAggregation === null ? {} : { aggregation_group_type_index: d.funnelAggregation }),
      funnelsFilter: {
        funnelWindowInterval: d.funnelWindow,
        funnelWindowIntervalUnit: d.funnelWindowUnit,
        funnelOrderType: d.funnelOrder,
        funnelVizType: d.funnelViz,
      },
    };
  }
  if (d.kind === 'lifecycle' || d.kind === 'stickiness') {
    return {
      kind: d.kind === 'lifecycle' ? 'LifecycleQuery' : 'StickinessQuery',
      // Lifecycle follows one event; stickiness compares several.
      series: (d.kind === 'lifecycle' ? d.series.slice(0, 1) : d.series).map((s) => nodeOf(s, false)),
      dateRange,
      interval: d.interval,
      ...properties,
    };
  }
  if (d.kind === 'paths') {
    const start = d.pathsStart.trim();
    const end = d.pathsEnd.trim();
    return {
      kind: 'PathsQuery',
      dateRange,
      ...properties,
      pathsFilter: {
        includeEventTypes: d.pathsEventTypes,
        ...(start ? { startPoint: start } : {}),
        ...(end ? { endPoint: end } : {}),
        stepLimit: d.pathsStepLimit,
      },
    };
  }
  if (d.kind === 'retention') {
    const entity = (s: SeriesDraft | undefined) => ({ id: s?.event.trim() || null, type: 'events' as const });
    return {
      kind: 'RetentionQuery',
      dateRange,
      ...properties,
      retentionFilter: {
        retentionType: d.retentionType,
        period: d.retentionPeriod,
        totalIntervals: retentionIntervals(dateRange.date_from, dateRange.date_to, d.retentionPeriod),
        targetEntity: entity(d.series[0]),
        returningEntity: entity(d.series[1] ?? d.series[0]),
      },
    };
  }
  return {
    kind: 'TrendsQuery',
    series: d.series.map((s) => nodeOf(s, true)),
    dateRange,
    interval: d.interval,
    ...properties,
    ...breakdownFilterOf(d),
    ...(d.compare ? { compareFilter: { compare: true } } : {}),
    trendsFilter: { display: d.display },
  };
}
