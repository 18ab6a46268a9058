// The seed guide's "Useful PostHog Queries" (and the DAU the issue names), each as the TrendsQuery a
// PostHog client sends and as the DuckDB SQL a person would write by hand for the same answer on the
// generated data (one person per distinct id there, so `person_id` needs no mapping look-up, until the
// last query merges some).
import { USERS } from './generate-events.ts';

export interface GuideQuery {
  name: string;
  query: Record<string, unknown>;
  /** Rows of (bd, day, value); `day` is NULL for whole-range displays. */
  handSql: (from: string, to: string) => string;
  /** Our results as `breakdown|day → value`; trends unless said otherwise. */
  answer?: (results: unknown) => Map<string, number>;
  /** Statements run once before this query (and every later one) is measured. */
  setup?: string[];
}

const node = (event: string | null, extra: Record<string, unknown> = {}) => ({
  kind: 'EventsNode',
  event,
  ...extra,
});
const LAST_30_DAYS = { date_from: '-30d' };
const inRange = (from: string, to: string) =>
  `project_id = 1 AND timestamp >= TIMESTAMP '${from}' AND timestamp < TIMESTAMP '${to}'`;
// Grouped as a timestamp and formatted per result row (below), as a careful hand would.
const day = `date_trunc('day', timestamp)`;

export const GUIDE_QUERIES: GuideQuery[] = [
  {
    name: 'Active installations by version (dau, breakdown app_version)',
    query: {
      kind: 'TrendsQuery',
      series: [node('telemetry.health', { math: 'dau' })],
      dateRange: LAST_30_DAYS,
      breakdownFilter: { breakdown: 'app_version' },
    },
    handSql: (
      f,
      t,
    ) => `SELECT json_extract_string(properties, '$.app_version') AS bd, ${day} AS day, count(DISTINCT person_id) AS value
      FROM events WHERE ${inRange(f, t)} AND event = 'telemetry.health' GROUP BY ALL`,
  },
  {
    name: 'New installations over time by deployment_method',
    query: {
      kind: 'TrendsQuery',
      series: [node('telemetry.install')],
      dateRange: LAST_30_DAYS,
      breakdownFilter: { breakdown: 'deployment_method' },
    },
    handSql: (
      f,
      t,
    ) => `SELECT json_extract_string(properties, '$.deployment_method') AS bd, ${day} AS day, count(*) AS value
      FROM events WHERE ${inRange(f, t)} AND event = 'telemetry.install' GROUP BY ALL`,
  },
  {
    name: 'Update adoption (old_version = 2.9.0, breakdown new_version)',
    query: {
      kind: 'TrendsQuery',
      series: [node('telemetry.update')],
      dateRange: LAST_30_DAYS,
      properties: [{ key: 'old_version', value: '2.9.0', operator: 'exact', type: 'event' }],
      breakdownFilter: { breakdown: 'new_version' },
    },
    handSql: (
      f,
      t,
    ) => `SELECT json_extract_string(properties, '$.new_version') AS bd, ${day} AS day, count(*) AS value
      FROM events WHERE ${inRange(f, t)} AND event = 'telemetry.update' AND json_extract_string(properties, '$.old_version') = '2.9.0'
      GROUP BY ALL`,
  },
  {
    name: 'Login methods (pie, breakdown auth_method)',
    query: {
      kind: 'TrendsQuery',
      series: [node('auth.login')],
      dateRange: LAST_30_DAYS,
      breakdownFilter: { breakdown: 'auth_method' },
      trendsFilter: { display: 'ActionsPie' },
    },
    handSql: (
      f,
      t,
    ) => `SELECT json_extract_string(properties, '$.auth_method') AS bd, NULL AS day, count(*) AS value
      FROM events WHERE ${inRange(f, t)} AND event = 'auth.login' GROUP BY ALL`,
  },
  {
    name: 'project.created by admins (person property role = admin)',
    query: {
      kind: 'TrendsQuery',
      series: [node('project.created')],
      dateRange: LAST_30_DAYS,
      properties: [{ key: 'role', value: 'admin', operator: 'exact', type: 'person' }],
    },
    handSql: (f, t) => `SELECT '' AS bd, ${day} AS day, count(*) AS value
      FROM events e JOIN persons p ON p.id = e.person_id AND p.project_id = 1
      WHERE ${inRange(f, t).replaceAll('project_id', 'e.project_id').replaceAll('timestamp', 'e.timestamp')}
        AND e.event = 'project.created' AND json_extract_string(p.properties, '$.role') = 'admin'
      GROUP BY ALL`,
  },
  {
    name: 'timer.started by hour of day (bar, toHour breakdown)',
    query: {
      kind: 'TrendsQuery',
      series: [node('timer.started')],
      dateRange: LAST_30_DAYS,
      breakdownFilter: { breakdown: 'toHour(timestamp)', breakdown_type: 'hogql' },
      trendsFilter: { display: 'ActionsBarValue' },
    },
    handSql: (f, t) => `SELECT hour(timestamp)::VARCHAR AS bd, NULL AS day, count(*) AS value
      FROM events WHERE ${inRange(f, t)} AND event = 'timer.started' GROUP BY ALL`,
  },
  {
    name: 'Daily active users (all events, dau)',
    query: { kind: 'TrendsQuery', series: [node(null, { math: 'dau' })], dateRange: LAST_30_DAYS },
    handSql: (f, t) => `SELECT '' AS bd, ${day} AS day, count(DISTINCT person_id) AS value
      FROM events WHERE ${inRange(f, t)} GROUP BY ALL`,
  },
  {
    name: 'Funnel auth.login → timer.started (14-day window, ordered)',
    query: {
      kind: 'FunnelsQuery',
      series: [node('auth.login'), node('timer.started')],
      dateRange: LAST_30_DAYS,
      funnelsFilter: { funnelWindowInterval: 14, funnelWindowIntervalUnit: 'day' },
    },
    // Per login, the next timer of the same person (no two events share a timestamp in this data); per
    // person the latest login that converted, whose time to convert feeds the average and median.
    handSql: (
      f,
      t,
    ) => `WITH l AS (SELECT person_id, timestamp AS ts FROM events WHERE ${inRange(f, t)} AND event = 'auth.login'),
      s AS (SELECT person_id, timestamp AS ts FROM events WHERE ${inRange(f, t)} AND event = 'timer.started'),
      j AS (SELECT l.person_id, l.ts AS t0, s.ts AS t1, s.ts - l.ts <= INTERVAL 14 DAY AS ok
        FROM l ASOF LEFT JOIN s ON s.person_id = l.person_id AND s.ts > l.ts),
      p AS (SELECT person_id, (epoch_ms(arg_max(t1, t0) FILTER (WHERE ok)) - epoch_ms(max(t0) FILTER (WHERE ok))) / 1000.0 AS dt
        FROM j GROUP BY person_id)
      SELECT unnest(['0', '1', 'avg', 'median']) AS bd, NULL AS day, unnest([a, b, avg_t, med_t]) AS value
      FROM (SELECT count(*) AS a, count(dt) AS b, round(avg(dt), 3) AS avg_t, round(quantile_cont(dt, 0.5), 3) AS med_t FROM p)`,
    answer: (results) => {
      const steps = results as {
        count: number;
        average_conversion_time: number;
        median_conversion_time: number;
      }[];
      const out = new Map(steps.map((step, i) => [String(i), step.count] as [string, number]));
      const round = (x: number | undefined) => Math.round((x ?? 0) * 1000) / 1000;
      out.set('avg', round(steps[1]?.average_conversion_time));
      out.set('median', round(steps[1]?.median_conversion_time));
      return out;
    },
  },
  {
    // One user in a hundred merged into the next one: the events keep their person id, and queries
    // resolve it through person_overrides, as they do after $identify or $merge_dangerously.
    name: 'Daily active users after 1% of users were merged (dau)',
    query: { kind: 'TrendsQuery', series: [node(null, { math: 'dau' })], dateRange: LAST_30_DAYS },
    setup: [
      `INSERT INTO person_overrides SELECT 1, md5('user-' || u)::UUID, md5('user-' || (u + 1))::UUID, 1
        FROM range(0, ${USERS}, 100) t(u)`,
    ],
    handSql: (f, t) => `WITH o AS (SELECT old_person_id, arg_max(person_id, version) AS person_id
        FROM person_overrides WHERE project_id = 1 GROUP BY 1)
      SELECT '' AS bd, ${day} AS day, count(DISTINCT coalesce(o.person_id, e.person_id)) AS value
      FROM events e LEFT JOIN o ON o.old_person_id = e.person_id WHERE ${inRange(f, t).replaceAll('project_id', 'e.project_id').replaceAll('timestamp', 'e.timestamp')} GROUP BY ALL`,
  },
];

interface TrendRow {
  breakdown_value?: string | number;
  data: number[];
  days: string[];
  aggregated_value?: number;
}

/** Both answers as `breakdown|day → value` (zero cells left out), to check they agree. */
export function fromTrends(results: TrendRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of results) {
    const bd = r.breakdown_value === undefined ? '' : String(r.breakdown_value);
    if (r.aggregated_value !== undefined) {
      if (r.aggregated_value !== 0) out.set(bd, r.aggregated_value);
      continue;
    }
    r.data.forEach((v, i) => {
      if (v !== 0) out.set(`${bd}|${r.days[i]}`, v);
    });
  }
  return out;
}

export function fromRows(rows: Record<string, unknown>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const v = Number(r.value);
    const d = r.day instanceof Date ? r.day.toISOString().slice(0, 10) : r.day;
    if (v !== 0) out.set(d === null ? String(r.bd) : `${String(r.bd)}|${String(d)}`, v);
  }
  return out;
}

export function sameAnswer(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
