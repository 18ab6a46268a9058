import type { Interval, PathEventType, TrendsDisplay } from '../api/query-types.ts';
import {
  type BreakdownDraft,
  type FilterDraft,
  type InsightDraft,
  type InsightKind,
  newDraft,
  newSeries,
  type SeriesDraft,
} from './insight-draft.ts';
import { DISPLAYS, INTERVALS } from './insight-options.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function seriesOf(node: Obj): SeriesDraft {
  return {
    event: str(node.event),
    math: str(node.math, 'total'),
    mathProperty: str(node.math_property),
    mathGroupTypeIndex: num(node.math_group_type_index, 0),
  };
}

function filterOf(f: Obj): FilterDraft {
  const type = str(f.type, 'event');
  return {
    key: str(f.key),
    type: type === 'person' || type === 'group' || type === 'event_metadata' ? type : 'event',
    groupTypeIndex: num(f.group_type_index, 0),
    operator: str(f.operator, 'exact'),
    value: Array.isArray(f.value) ? f.value.map((v) => str(v)).join(', ') : str(f.value),
  };
}

function breakdownOf(b: unknown): BreakdownDraft | null {
  if (!isObj(b) || b.breakdown === undefined || b.breakdown === null) return null;
  const type = str(b.breakdown_type, 'event');
  return {
    key: str(Array.isArray(b.breakdown) ? b.breakdown[0] : b.breakdown),
    type: type === 'person' || type === 'group' || type === 'event_metadata' ? type : 'event',
    groupTypeIndex: num(b.breakdown_group_type_index, 0),
  };
}

const KINDS: Record<string, InsightKind> = {
  FunnelsQuery: 'funnels',
  RetentionQuery: 'retention',
  LifecycleQuery: 'lifecycle',
  StickinessQuery: 'stickiness',
  PathsQuery: 'paths',
};
const PATH_TYPES = new Set<string>(['$pageview', '$screen', 'custom_event']);

/** A saved query (bare or inside an InsightVizNode) as builder state, so a saved insight can be edited. */
export function draftFromQuery(query: Obj): InsightDraft {
  const source = isObj(query.source) ? query.source : query;
  const kind = KINDS[str(source.kind)] ?? 'trends';
  const draft = newDraft(kind);
  const range = isObj(source.dateRange) ? source.dateRange : {};
  draft.dateFrom = str(range.date_from, '-7d');
  draft.dateTo = str(range.date_to);
  // Only flat AND lists are editable here; a nested property group is not shown in the form.
  draft.filters = list(source.properties).map(filterOf);
  if (kind === 'retention') {
    const f = isObj(source.retentionFilter) ? source.retentionFilter : {};
    const target = isObj(f.targetEntity) ? f.targetEntity : {};
    const returning = isObj(f.returningEntity) ? f.returningEntity : {};
    draft.series = [newSeries(str(target.id)), newSeries(str(returning.id))];
    const period = str(f.period, 'Day');
    draft.retentionPeriod = period === 'Week' || period === 'Month' ? period : 'Day';
    draft.retentionType =
      f.retentionType === 'retention_recurring' ? 'retention_recurring' : 'retention_first_time';
    return draft;
  }
  if (kind === 'paths') {
    const f = isObj(source.pathsFilter) ? source.pathsFilter : {};
    const types = Array.isArray(f.includeEventTypes) ? f.includeEventTypes.map((t) => str(t)) : [];
    draft.pathsEventTypes = types.filter((t): t is PathEventType => PATH_TYPES.has(t));
    draft.pathsStart = str(f.startPoint);
    draft.pathsEnd = str(f.endPoint);
    draft.pathsStepLimit = num(f.stepLimit, 5);
    return draft;
  }
  const series = list(source.series).map(seriesOf);
  if (series.length) draft.series = series;
  if (kind === 'funnels') {
    const f = isObj(source.funnelsFilter) ? source.funnelsFilter : {};
    draft.funnelWindow = num(f.funnelWindowInterval, 14);
    const unit = str(f.funnelWindowIntervalUnit, 'day');
    draft.funnelWindowUnit = unit === 'minute' || unit === 'hour' || unit === 'week' ? unit : 'day';
    const order = str(f.funnelOrderType, 'ordered');
    draft.funnelOrder = order === 'strict' || order === 'unordered' ? order : 'ordered';
    draft.funnelViz = f.funnelVizType === 'time_to_convert' ? 'time_to_convert' : 'steps';
    draft.funnelAggregation =
      typeof source.aggregation_group_type_index === 'number' ? source.aggregation_group_type_index : null;
    draft.breakdown = breakdownOf(source.breakdownFilter);
    return draft;
  }
  const interval = str(source.interval, 'day');
  if (INTERVALS.some((i) => i.id === interval)) draft.interval = interval as Interval;
  if (kind !== 'trends') return draft;
  const display = str(isObj(source.trendsFilter) ? source.trendsFilter.display : undefined);
  if (DISPLAYS.some((d) => d.id === display)) draft.display = display as TrendsDisplay;
  draft.breakdown = breakdownOf(source.breakdownFilter);
  draft.compare = isObj(source.compareFilter) && source.compareFilter.compare === true;
  return draft;
}
