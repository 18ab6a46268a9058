import { COHORT_OPERATORS, PROPERTY_OPERATORS } from '@signpost/flags-engine';
import { z } from 'zod';

// PostHog's query schema (frontend/src/queries/schema), the documented subset Signpost answers. Unknown
// fields are dropped rather than refused, because PostHog's UI and clients send many presentation-only ones.

const groupTypeIndex = z.number().int().min(0).max(4);

export const propertyFilterSchema = z.object({
  key: z.union([z.string().min(1).max(400), z.number()]),
  value: z.unknown().optional(),
  operator: z
    .enum([...PROPERTY_OPERATORS, 'in', 'not_in'] as const)
    .nullable()
    .optional(),
  type: z.enum(['event', 'person', 'group', 'cohort', 'event_metadata']).default('event'),
  group_type_index: groupTypeIndex.nullable().optional(),
});
export type PropertyFilter = z.infer<typeof propertyFilterSchema>;

export interface PropertyGroupFilter {
  type: 'AND' | 'OR';
  values: (PropertyFilter | PropertyGroupFilter)[];
}

export const propertyGroupSchema: z.ZodType<PropertyGroupFilter> = z.object({
  type: z.enum(['AND', 'OR']),
  get values() {
    return z.array(z.union([propertyFilterSchema, propertyGroupSchema])).max(100);
  },
});

export const propertiesSchema = z.union([z.array(propertyFilterSchema).max(100), propertyGroupSchema]);
export type Properties = z.infer<typeof propertiesSchema>;

export const COHORT_FILTER_OPERATORS = COHORT_OPERATORS;

export const MATH_TYPES = [
  'total',
  'dau',
  'weekly_active',
  'monthly_active',
  'unique_group',
  'unique_session',
  'avg_count_per_actor',
  'min_count_per_actor',
  'max_count_per_actor',
  'median_count_per_actor',
  'p90_count_per_actor',
  'p95_count_per_actor',
  'p99_count_per_actor',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'p90',
  'p95',
  'p99',
] as const;
export type MathType = (typeof MATH_TYPES)[number];

export const eventsNodeSchema = z.object({
  kind: z.literal('EventsNode'),
  event: z.string().min(1).max(400).nullable().optional(),
  name: z.string().max(400).nullable().optional(),
  custom_name: z.string().max(400).nullable().optional(),
  math: z.enum(MATH_TYPES).nullable().optional(),
  math_property: z.string().min(1).max(400).nullable().optional(),
  math_group_type_index: groupTypeIndex.nullable().optional(),
  properties: z.array(propertyFilterSchema).max(100).nullable().optional(),
});
export type EventsNode = z.infer<typeof eventsNodeSchema>;

export const dateRangeSchema = z.object({
  date_from: z.string().max(64).nullable().optional(),
  date_to: z.string().max(64).nullable().optional(),
  explicitDate: z.boolean().nullable().optional(),
});

const breakdownValue = z.union([z.string().min(1).max(400), z.number()]);

export const breakdownFilterSchema = z.object({
  breakdown: z
    .union([breakdownValue, z.array(breakdownValue).min(1).max(25)])
    .nullable()
    .optional(),
  breakdown_type: z
    .enum(['event', 'person', 'group', 'cohort', 'hogql', 'event_metadata'])
    .nullable()
    .optional(),
  breakdown_limit: z.number().int().min(1).max(1000).nullable().optional(),
  breakdown_group_type_index: groupTypeIndex.nullable().optional(),
  breakdown_hide_other_aggregation: z.boolean().nullable().optional(),
});
export type BreakdownFilter = z.infer<typeof breakdownFilterSchema>;

export const DISPLAY_TYPES = [
  'ActionsLineGraph',
  'ActionsBar',
  'ActionsAreaGraph',
  'ActionsLineGraphCumulative',
  'BoldNumber',
  'ActionsPie',
  'ActionsBarValue',
  'ActionsTable',
  'WorldMap',
] as const;

export const trendsQuerySchema = z.object({
  kind: z.literal('TrendsQuery'),
  series: z.array(eventsNodeSchema).min(1).max(20),
  dateRange: dateRangeSchema.nullable().optional(),
  interval: z.enum(['hour', 'day', 'week', 'month']).nullable().optional(),
  properties: propertiesSchema.nullable().optional(),
  filterTestAccounts: z.boolean().nullable().optional(),
  aggregation_group_type_index: groupTypeIndex.nullable().optional(),
  breakdownFilter: breakdownFilterSchema.nullable().optional(),
  compareFilter: z
    .object({ compare: z.boolean().nullable().optional(), compare_to: z.string().nullable().optional() })
    .nullable()
    .optional(),
  trendsFilter: z
    .object({
      display: z.enum(DISPLAY_TYPES).nullable().optional(),
      formula: z.string().max(500).nullable().optional(),
      formulas: z.array(z.string().max(500)).max(10).nullable().optional(),
      formulaNodes: z
        .array(z.object({ formula: z.string().max(500), custom_name: z.string().nullable().optional() }))
        .max(10)
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type TrendsQuery = z.infer<typeof trendsQuerySchema>;

export const eventsQuerySchema = z.object({
  kind: z.literal('EventsQuery'),
  select: z.array(z.string().min(1).max(400)).min(1).max(50),
  where: z.array(z.string().max(1000)).max(20).nullable().optional(),
  orderBy: z.array(z.string().min(1).max(400)).max(5).nullable().optional(),
  limit: z.number().int().min(1).max(10_000).nullable().optional(),
  offset: z.number().int().min(0).max(1_000_000).nullable().optional(),
  after: z.string().max(64).nullable().optional(),
  before: z.string().max(64).nullable().optional(),
  event: z.string().min(1).max(400).nullable().optional(),
  properties: z.array(propertyFilterSchema).max(100).nullable().optional(),
  fixedProperties: z.array(propertyFilterSchema).max(100).nullable().optional(),
  personId: z.string().max(200).nullable().optional(),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

// The other insight kinds share the trends query's filters, range and aggregation fields.
const insightBase = {
  dateRange: dateRangeSchema.nullable().optional(),
  properties: propertiesSchema.nullable().optional(),
  filterTestAccounts: z.boolean().nullable().optional(),
  aggregation_group_type_index: groupTypeIndex.nullable().optional(),
};
const interval = z.enum(['hour', 'day', 'week', 'month']).nullable().optional();

export const funnelsQuerySchema = z.object({
  kind: z.literal('FunnelsQuery'),
  series: z.array(eventsNodeSchema).min(2).max(20),
  ...insightBase,
  breakdownFilter: breakdownFilterSchema.nullable().optional(),
  funnelsFilter: z
    .object({
      funnelOrderType: z.enum(['ordered', 'strict', 'unordered']).nullable().optional(),
      funnelVizType: z.enum(['steps', 'time_to_convert']).nullable().optional(),
      funnelWindowInterval: z.number().int().min(1).max(100_000).nullable().optional(),
      funnelWindowIntervalUnit: z
        .enum(['second', 'minute', 'hour', 'day', 'week', 'month'])
        .nullable()
        .optional(),
      funnelFromStep: z.number().int().min(0).max(19).nullable().optional(),
      funnelToStep: z.number().int().min(1).max(19).nullable().optional(),
      binCount: z.number().int().min(1).max(90).nullable().optional(),
      breakdownAttributionType: z.enum(['first_touch', 'last_touch']).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type FunnelsQuery = z.infer<typeof funnelsQuerySchema>;

/** PostHog's retention entities: `{id: event name, type: "events"}`; a null id means any event. */
const retentionEntitySchema = z.object({
  id: z.union([z.string().min(1).max(400), z.null()]).optional(),
  type: z.literal('events').nullable().optional(),
  name: z.string().max(400).nullable().optional(),
  properties: z.array(propertyFilterSchema).max(100).nullable().optional(),
});
export type RetentionEntity = z.infer<typeof retentionEntitySchema>;

export const retentionQuerySchema = z.object({
  kind: z.literal('RetentionQuery'),
  ...insightBase,
  retentionFilter: z.object({
    retentionType: z.enum(['retention_first_time', 'retention_recurring']).nullable().optional(),
    period: z.enum(['Hour', 'Day', 'Week', 'Month']).nullable().optional(),
    totalIntervals: z.number().int().min(1).max(120).nullable().optional(),
    targetEntity: retentionEntitySchema.nullable().optional(),
    returningEntity: retentionEntitySchema.nullable().optional(),
  }),
});
export type RetentionQuery = z.infer<typeof retentionQuerySchema>;

export const lifecycleQuerySchema = z.object({
  kind: z.literal('LifecycleQuery'),
  series: z.array(eventsNodeSchema).length(1),
  interval,
  ...insightBase,
});
export type LifecycleQuery = z.infer<typeof lifecycleQuerySchema>;

export const stickinessQuerySchema = z.object({
  kind: z.literal('StickinessQuery'),
  series: z.array(eventsNodeSchema).min(1).max(20),
  interval,
  ...insightBase,
});
export type StickinessQuery = z.infer<typeof stickinessQuerySchema>;

export const PATH_EVENT_TYPES = ['$pageview', '$screen', 'custom_event'] as const;

export const pathsQuerySchema = z.object({
  kind: z.literal('PathsQuery'),
  ...insightBase,
  pathsFilter: z
    .object({
      includeEventTypes: z.array(z.enum(PATH_EVENT_TYPES)).max(3).nullable().optional(),
      startPoint: z.string().min(1).max(2000).nullable().optional(),
      endPoint: z.string().min(1).max(2000).nullable().optional(),
      stepLimit: z.number().int().min(2).max(20).nullable().optional(),
      edgeLimit: z.number().int().min(1).max(1000).nullable().optional(),
      minEdgeWeight: z.number().int().min(0).nullable().optional(),
      maxEdgeWeight: z.number().int().min(0).nullable().optional(),
      excludeEvents: z.array(z.string().min(1).max(2000)).max(100).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type PathsQuery = z.infer<typeof pathsQuerySchema>;

/** PostHog's web analytics filters: event and person properties only (no cohorts or groups). */
const webProperties = z.array(propertyFilterSchema).max(100).nullable().optional();

// PostHog's web analytics queries (schema `WebOverviewQuery`, `WebStatsTableQuery`), the part Signpost answers.
export const webOverviewQuerySchema = z.object({
  kind: z.literal('WebOverviewQuery'),
  dateRange: dateRangeSchema.nullable().optional(),
  properties: webProperties,
  compareFilter: z.object({ compare: z.boolean().nullable().optional() }).nullable().optional(),
});
export type WebOverviewQuery = z.infer<typeof webOverviewQuerySchema>;

export const WEB_STATS_BREAKDOWNS = [
  'Page',
  'InitialPage',
  'InitialReferringDomain',
  'InitialUTMSource',
  'InitialUTMMedium',
  'InitialUTMCampaign',
  'Browser',
  'OS',
  'DeviceType',
  'Country',
] as const;
export type WebStatsBreakdown = (typeof WEB_STATS_BREAKDOWNS)[number];

export const webStatsTableQuerySchema = z.object({
  kind: z.literal('WebStatsTableQuery'),
  breakdownBy: z.enum(WEB_STATS_BREAKDOWNS),
  dateRange: dateRangeSchema.nullable().optional(),
  properties: webProperties,
  /** Rows returned, largest first; `hasMore` says whether there were more. */
  limit: z.number().int().min(1).max(100).nullable().optional(),
  includeBounceRate: z.boolean().nullable().optional(),
});
export type WebStatsTableQuery = z.infer<typeof webStatsTableQuerySchema>;

export const SUPPORTED_QUERY_KINDS = [
  'TrendsQuery',
  'EventsQuery',
  'FunnelsQuery',
  'RetentionQuery',
  'LifecycleQuery',
  'StickinessQuery',
  'PathsQuery',
  'WebOverviewQuery',
  'WebStatsTableQuery',
] as const;

export const queryRequestSchema = z.object({
  query: z.discriminatedUnion('kind', [
    trendsQuerySchema,
    eventsQuerySchema,
    funnelsQuerySchema,
    retentionQuerySchema,
    lifecycleQuerySchema,
    stickinessQuerySchema,
    pathsQuerySchema,
    webOverviewQuerySchema,
    webStatsTableQuerySchema,
  ]),
  refresh: z.union([z.boolean(), z.string()]).nullable().optional(),
  /** Signpost: read every environment of the project, not only the one the route names. */
  environments: z.literal('all').optional(),
  client_query_id: z.string().max(200).nullable().optional(),
});
export type AnyQuery = z.infer<typeof queryRequestSchema>['query'];
