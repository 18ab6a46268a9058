import { csvLine } from './csv-cell.ts';

/** A query result as a table: one header row and the data rows beneath it. */
export interface Table {
  header: string[];
  rows: unknown[][];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const has = (rows: Obj[], key: string) => rows.some((r) => r[key] !== undefined && r[key] !== null);

/** Trends, lifecycle and stickiness: a row per series (and breakdown value), a column per interval. */
function seriesTable(results: Obj[]): Table {
  const extra = ['breakdown_value', 'status', 'compare_label'].filter((k) => has(results, k));
  // A breakdown's `label` is its value; the series is named by its action (custom name first).
  const series = (r: Obj) => (isObj(r.action) ? (r.action.custom_name ?? r.action.name ?? r.label) : r.label);
  const label = (r: Obj) => [series(r), ...extra.map((k) => r[k])];
  const names = ['series', ...extra.map((k) => k.replace('_value', '').replace('_label', ''))];
  const timed = results.find((r) => list(r.data).length > 0);
  if (!timed)
    return {
      header: [...names, 'value'],
      rows: results.map((r) => [...label(r), r.aggregated_value ?? r.count]),
    };
  const days = list(timed.days).map(String);
  return { header: [...names, ...days], rows: results.map((r) => [...label(r), ...list(r.data)]) };
}

function funnelTable(results: unknown): Table {
  if (isObj(results)) {
    return { header: ['seconds', 'count'], rows: list(results.bins).map((b) => list(b)) };
  }
  const groups = list(results);
  const steps = (Array.isArray(groups[0]) ? groups.flat() : groups).filter(isObj);
  const breakdown = has(steps, 'breakdown_value');
  const rate = (s: Obj, k: 'fromPrevious' | 'total') => {
    const rates = s.conversionRates;
    return isObj(rates) && typeof rates[k] === 'number' ? Math.round(rates[k] * 10_000) / 100 : null;
  };
  return {
    header: [
      'step',
      'event',
      ...(breakdown ? ['breakdown'] : []),
      'count',
      'conversion_from_previous_percent',
      'conversion_total_percent',
      'average_conversion_time_seconds',
      'median_conversion_time_seconds',
    ],
    rows: steps.map((s) => [
      Number(s.order) + 1,
      s.custom_name ?? s.name,
      ...(breakdown ? [list(s.breakdown_value).join(', ')] : []),
      s.count,
      rate(s, 'fromPrevious'),
      rate(s, 'total'),
      s.average_conversion_time,
      s.median_conversion_time,
    ]),
  };
}

function retentionTable(results: Obj[]): Table {
  const width = Math.max(0, ...results.map((r) => list(r.values).length));
  const labels = list(results[0]?.values).map((v, i) =>
    isObj(v) && v.label ? String(v.label) : `Period ${i}`,
  );
  return {
    header: ['cohort', 'date', ...Array.from({ length: width }, (_, i) => labels[i] ?? `Period ${i}`)],
    rows: results.map((r) => [r.label, r.date, ...list(r.values).map((v) => (isObj(v) ? v.count : v))]),
  };
}

/** The table PostHog users expect per query kind; unknown shapes fall back to one JSON cell per row. */
export function resultTable(kind: string, response: Obj): Table {
  const results = response.results ?? response.result;
  const objects = list(results).filter(isObj);
  switch (kind) {
    case 'TrendsQuery':
    case 'LifecycleQuery':
    case 'StickinessQuery':
      return seriesTable(objects);
    case 'FunnelsQuery':
      return funnelTable(results);
    case 'RetentionQuery':
      return retentionTable(objects);
    case 'PathsQuery':
      return {
        header: ['source', 'target', 'value', 'average_conversion_time'],
        rows: objects.map((e) => [e.source, e.target, e.value, e.average_conversion_time]),
      };
    case 'WebOverviewQuery':
      return {
        header: ['key', 'kind', 'value', 'previous', 'changeFromPreviousPct'],
        rows: objects.map((i) => [i.key, i.kind, i.value, i.previous, i.changeFromPreviousPct]),
      };
    case 'EventsQuery':
    case 'WebStatsTableQuery':
      return { header: list(response.columns).map(String), rows: list(results).map(list) };
    default:
      return { header: ['result'], rows: list(results).map((r) => [r]) };
  }
}

export const tableCsv = (t: Table): string => csvLine(t.header) + t.rows.map(csvLine).join('');

/** `Active Installations` → `active-installations-2025-10-20.csv`. */
export function csvFilename(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'insight';
  return `${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
}
