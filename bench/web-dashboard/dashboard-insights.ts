// The bench dashboard's six tiles: the insight kinds and displays a product dashboard mixes (line, bar with a
// breakdown, pie, number, funnel, retention table), over the generated TimeTracker events.

export interface BenchInsight {
  name: string;
  source: Record<string, unknown>;
}

const last30 = { date_from: '-30d', date_to: null };
const node = (event: string, math = 'total') => ({ kind: 'EventsNode', event, name: event, math });

export const DASHBOARD_INSIGHTS: BenchInsight[] = [
  {
    name: 'Timers started per day',
    source: {
      kind: 'TrendsQuery',
      series: [node('timer.started')],
      dateRange: last30,
      interval: 'day',
      trendsFilter: { display: 'ActionsLineGraph' },
    },
  },
  {
    name: 'Daily login users by method',
    source: {
      kind: 'TrendsQuery',
      series: [node('auth.login', 'dau')],
      dateRange: last30,
      interval: 'day',
      breakdownFilter: { breakdown: 'auth_method', breakdown_type: 'event' },
      trendsFilter: { display: 'ActionsBar' },
    },
  },
  {
    name: 'Installations by platform',
    source: {
      kind: 'TrendsQuery',
      series: [node('telemetry.health', 'dau')],
      dateRange: { date_from: '-7d', date_to: null },
      interval: 'day',
      breakdownFilter: { breakdown: 'platform', breakdown_type: 'event' },
      trendsFilter: { display: 'ActionsPie' },
    },
  },
  {
    name: 'CSV exports',
    source: {
      kind: 'TrendsQuery',
      series: [node('export.csv')],
      dateRange: last30,
      interval: 'day',
      trendsFilter: { display: 'BoldNumber' },
    },
  },
  {
    name: 'Login → timer → export',
    source: {
      kind: 'FunnelsQuery',
      series: [node('auth.login'), node('timer.started'), node('export.csv')].map(({ math: _, ...n }) => n),
      dateRange: last30,
      funnelsFilter: {
        funnelWindowInterval: 14,
        funnelWindowIntervalUnit: 'day',
        funnelOrderType: 'ordered',
      },
    },
  },
  {
    name: 'Login retention',
    source: {
      kind: 'RetentionQuery',
      dateRange: last30,
      retentionFilter: {
        retentionType: 'retention_first_time',
        period: 'Day',
        totalIntervals: 8,
        targetEntity: { id: 'auth.login', type: 'events' },
        returningEntity: { id: 'auth.login', type: 'events' },
      },
    },
  },
];
