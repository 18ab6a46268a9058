import type { DashboardFilters, TileLayout } from './dashboard.ts';

/** A dashboard created in one call: each tile becomes a saved insight on the new dashboard. */
export interface DashboardTemplate {
  id: string;
  template_name: string;
  dashboard_description: string;
  dashboard_filters: DashboardFilters;
  tags: string[];
  tiles: TemplateTile[];
}

export interface TemplateTile {
  type: 'INSIGHT';
  name: string;
  description: string;
  query: Record<string, unknown>;
  layouts: Record<'sm' | 'xs', TileLayout>;
  color: string | null;
}

type Display = 'ActionsLineGraph' | 'BoldNumber' | 'ActionsPie' | 'ActionsBarValue' | 'ActionsBar';

interface TileSpec {
  name: string;
  description: string;
  series: Record<string, unknown>[];
  display: Display;
  dateFrom: string;
  interval?: 'hour' | 'day' | 'week';
  breakdown?: { breakdown: string; breakdown_type: 'event' | 'person' | 'event_metadata' };
  properties?: Record<string, unknown>[];
  explicitDate?: boolean;
  /** A formula over the series (A = first), shown instead of them. */
  formula?: string;
}

const events = (event: string | null, extra: Record<string, unknown> = {}) => ({
  kind: 'EventsNode',
  event,
  name: event ?? 'All events',
  ...extra,
});

/** Two tiles per row on wide screens, one column on phones. */
const layoutAt = (i: number): Record<'sm' | 'xs', TileLayout> => ({
  sm: { x: (i % 2) * 6, y: Math.floor(i / 2) * 5, w: 6, h: 5, minW: 3, minH: 3 },
  xs: { x: 0, y: i * 5, w: 1, h: 5, minW: 1, minH: 3 },
});

function tiles(specs: TileSpec[]): TemplateTile[] {
  return specs.map((s, i) => ({
    type: 'INSIGHT',
    name: s.name,
    description: s.description,
    query: {
      kind: 'InsightVizNode',
      source: {
        kind: 'TrendsQuery',
        series: s.series,
        interval: s.interval ?? 'day',
        dateRange: { date_from: s.dateFrom, date_to: null, explicitDate: s.explicitDate ?? false },
        ...(s.properties ? { properties: s.properties } : {}),
        ...(s.breakdown ? { breakdownFilter: s.breakdown } : {}),
        trendsFilter: { display: s.display, ...(s.formula ? { formula: s.formula } : {}) },
      },
    },
    layouts: layoutAt(i),
    color: null,
  }));
}

// Product events, as opposed to installation telemetry and PostHog's own `$…` events.
const PRODUCT_EVENTS = {
  key: 'event',
  type: 'event_metadata',
  operator: 'not_regex',
  value: '^(\\$|telemetry\\.)',
};

/** The seed guide's "Dashboard Examples", widget for widget, over TimeTracker's event names. */
export const DASHBOARD_TEMPLATES: DashboardTemplate[] = [
  {
    id: 'installation-health',
    template_name: 'Installation Health',
    dashboard_description:
      'Active installations, versions, platforms, updates and errors, from TimeTracker telemetry.',
    dashboard_filters: {},
    tags: ['telemetry'],
    tiles: tiles([
      {
        name: 'Active Installations',
        description: 'Installations that sent telemetry.health in the last 24 hours.',
        series: [events('telemetry.health', { math: 'dau', custom_name: 'Active installations' })],
        display: 'BoldNumber',
        dateFrom: '-24h',
        interval: 'hour',
        explicitDate: true,
      },
      {
        name: 'Version Distribution',
        description: 'Active installations in the last 30 days by app_version.',
        series: [events('telemetry.health', { math: 'dau' })],
        display: 'ActionsPie',
        dateFrom: '-30d',
        breakdown: { breakdown: 'app_version', breakdown_type: 'event' },
      },
      {
        name: 'Platform Distribution',
        description: 'Active installations in the last 30 days by platform.',
        series: [events('telemetry.health', { math: 'dau' })],
        display: 'ActionsPie',
        dateFrom: '-30d',
        breakdown: { breakdown: 'platform', breakdown_type: 'event' },
      },
      {
        name: 'Update Timeline',
        description: 'telemetry.update events per day.',
        series: [events('telemetry.update')],
        display: 'ActionsLineGraph',
        dateFrom: '-30d',
      },
      {
        name: 'Error Rate',
        description:
          'Errors per active installation per day, by app_version: $exception events (A) over installations sending telemetry.health (B).',
        // A rate, not a count: a version installed twice as widely would otherwise look twice as broken.
        series: [events('$exception'), events('telemetry.health', { math: 'dau' })],
        formula: 'A / B',
        display: 'ActionsLineGraph',
        dateFrom: '-30d',
        breakdown: { breakdown: 'app_version', breakdown_type: 'event' },
      },
    ]),
  },
  {
    id: 'user-engagement',
    template_name: 'User Engagement',
    dashboard_description:
      'Daily active users, feature usage, login methods, timers and exports in TimeTracker.',
    dashboard_filters: {},
    tags: ['product'],
    tiles: tiles([
      {
        name: 'Daily Active Users',
        description: 'Unique users per day across product events (telemetry excluded).',
        series: [events(null, { math: 'dau', custom_name: 'Daily active users' })],
        properties: [PRODUCT_EVENTS],
        display: 'ActionsLineGraph',
        dateFrom: '-30d',
      },
      {
        name: 'Feature Usage',
        description: 'Product events by feature (event name, e.g. timer.started, project.created).',
        series: [events(null)],
        properties: [PRODUCT_EVENTS],
        display: 'ActionsBarValue',
        dateFrom: '-30d',
        breakdown: { breakdown: 'event', breakdown_type: 'event_metadata' },
      },
      {
        name: 'Auth Method Split',
        description: 'Logins by auth_method.',
        series: [events('auth.login')],
        display: 'ActionsPie',
        dateFrom: '-30d',
        breakdown: { breakdown: 'auth_method', breakdown_type: 'event' },
      },
      {
        name: 'Timer Usage',
        description: 'timer.started events per day.',
        series: [events('timer.started')],
        display: 'ActionsLineGraph',
        dateFrom: '-30d',
      },
      {
        name: 'Export Activity',
        description:
          'export.csv events per week by the user role (swap in a cohort breakdown once cohorts exist).',
        series: [events('export.csv')],
        display: 'ActionsLineGraph',
        dateFrom: '-30d',
        interval: 'week',
        breakdown: { breakdown: 'role', breakdown_type: 'person' },
      },
    ]),
  },
];

/** `feature-adoption` is accepted as another name for the engagement dashboard. */
const ALIASES = new Map([['feature-adoption', 'user-engagement']]);

export function findTemplate(key: string): DashboardTemplate | undefined {
  // A Map, since the key is the caller's: an object would answer "constructor" with a function.
  const id = ALIASES.get(key) ?? key;
  return DASHBOARD_TEMPLATES.find((t) => t.id === id || t.template_name.toLowerCase() === id.toLowerCase());
}
