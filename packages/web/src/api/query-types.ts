// The query API's shapes (PostHog's schema), only the parts the insight builder writes and reads.

export type PropertyFilterType = 'event' | 'person' | 'group' | 'event_metadata';

export interface QueryPropertyFilter {
  key: string;
  type: PropertyFilterType;
  operator: string;
  value?: unknown;
  group_type_index?: number | null;
}

export interface EventsNode {
  kind: 'EventsNode';
  event: string | null;
  name: string;
  custom_name?: string | null;
  math?: string | null;
  math_property?: string | null;
  math_group_type_index?: number | null;
  properties?: QueryPropertyFilter[];
}

export interface DateRange {
  date_from: string | null;
  date_to: string | null;
}

export type Interval = 'hour' | 'day' | 'week' | 'month';

export type TrendsDisplay =
  | 'ActionsLineGraph'
  | 'ActionsBar'
  | 'ActionsBarValue'
  | 'ActionsPie'
  | 'BoldNumber'
  | 'ActionsTable';

export interface BreakdownFilter {
  breakdown: string;
  breakdown_type: 'event' | 'person' | 'group' | 'event_metadata';
  breakdown_group_type_index?: number | null;
}

export interface TrendsQuery {
  kind: 'TrendsQuery';
  series: EventsNode[];
  dateRange: DateRange;
  interval: Interval;
  properties?: QueryPropertyFilter[];
  breakdownFilter?: BreakdownFilter;
  compareFilter?: { compare: boolean };
  trendsFilter: { display: TrendsDisplay | string };
}

export interface FunnelsQuery {
  kind: 'FunnelsQuery';
  series: EventsNode[];
  dateRange: DateRange;
  properties?: QueryPropertyFilter[];
  breakdownFilter?: BreakdownFilter;
  aggregation_group_type_index?: number;
  funnelsFilter: {
    funnelWindowInterval: number;
    funnelWindowIntervalUnit: 'minute' | 'hour' | 'day' | 'week';
    funnelOrderType: 'ordered' | 'strict' | 'unordered';
    funnelVizType: 'steps' | 'time_to_convert';
  };
}

export interface RetentionQuery {
  kind: 'RetentionQuery';
  dateRange: DateRange;
  properties?: QueryPropertyFilter[];
  retentionFilter: {
    retentionType: 'retention_first_time' | 'retention_recurring';
    period: 'Day' | 'Week' | 'Month';
    totalIntervals: number;
    targetEntity: { id: string | null; type: 'events' };
    returningEntity: { id: string | null; type: 'events' };
  };
}

export interface LifecycleQuery {
  kind: 'LifecycleQuery';
  series: EventsNode[];
  dateRange: DateRange;
  interval: Interval;
  properties?: QueryPropertyFilter[];
}

export interface StickinessQuery {
  kind: 'StickinessQuery';
  series: EventsNode[];
  dateRange: DateRange;
  interval: Interval;
  properties?: QueryPropertyFilter[];
}

export type PathEventType = '$pageview' | '$screen' | 'custom_event';

export interface PathsQuery {
  kind: 'PathsQuery';
  dateRange: DateRange;
  properties?: QueryPropertyFilter[];
  pathsFilter: {
    includeEventTypes: PathEventType[];
    startPoint?: string | null;
    endPoint?: string | null;
    stepLimit: number;
  };
}

export type InsightQuery =
  | TrendsQuery
  | FunnelsQuery
  | RetentionQuery
  | LifecycleQuery
  | StickinessQuery
  | PathsQuery;

export interface TrendsSeries {
  label: string;
  count: number;
  data: number[];
  labels: string[];
  days: string[];
  aggregated_value?: number;
  breakdown_value?: string | number;
  compare_label?: 'current' | 'previous';
  action: { custom_name?: string | null; name?: string; math?: string; order?: number };
}

export type LifecycleStatus = 'new' | 'returning' | 'resurrecting' | 'dormant';

/** One status of a lifecycle result; dormant counts are negative (users lost in that interval). */
export interface LifecycleSeries {
  label: string;
  status: LifecycleStatus;
  count: number;
  data: number[];
  labels: string[];
  /** Bucket starts, as trends have them. */
  days?: string[];
}

/** `data[n - 1]`: users active on exactly n intervals of the range. */
export interface StickinessSeries {
  label: string;
  count: number;
  data: number[];
  labels: string[];
  days: number[];
}

/** Edge between consecutive steps; node names carry the step number ("2_/pricing"), keeping the graph acyclic. */
export interface PathEdge {
  source: string;
  target: string;
  value: number;
  average_conversion_time: number;
}

export interface FunnelStep {
  name: string;
  custom_name: string | null;
  order: number;
  count: number;
  average_conversion_time: number | null;
  conversionRates: { fromPrevious: number; total: number };
  /** Set on every step of a breakdown funnel (one list of steps per value). */
  breakdown_value?: (string | number)[];
}

/** A FunnelsQuery with funnelVizType time_to_convert: [seconds from, persons] per bin. */
export interface TimeToConvert {
  bins: [number, number][];
  average_conversion_time: number | null;
}

export interface RetentionCohort {
  date: string;
  label: string;
  values: { count: number; label: string }[];
}

export interface ResultError {
  code: string;
  detail: string;
}

export interface Insight {
  id: number;
  short_id: string;
  name: string | null;
  description: string;
  query: { kind: string; source?: Record<string, unknown> } & Record<string, unknown>;
  dashboards: number[];
  result: unknown;
  error?: ResultError;
  last_refresh: string | null;
  last_modified_at: string;
}

export interface TileLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardTile {
  id: number;
  insight: Insight | null;
  text: { body: string } | null;
  layouts: { sm?: TileLayout; xs?: TileLayout };
  last_refresh: string | null;
  error?: ResultError;
}

export interface DashboardSummary {
  id: number;
  name: string;
  description: string;
  pinned: boolean;
  created_at: string;
  last_modified_at: string;
  creation_mode: string;
  tags: string[];
}

export interface Dashboard extends DashboardSummary {
  filters: { date_from?: string | null; date_to?: string | null };
  last_refresh: string | null;
  tiles: DashboardTile[];
}

export interface DashboardTemplate {
  id: string;
  template_name: string;
  dashboard_description: string;
  tiles: unknown[];
}

export interface Group {
  group_type_index: number;
  group_key: string;
  group_properties: Record<string, unknown>;
  created_at: string;
}
