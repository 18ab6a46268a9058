import type { Interval } from '../date-range.ts';
import type { SqlDialect } from './sql-dialect.ts';

// JSON pointer, not JSONPath: keys like `$browser` or `a.b` need no quoting and cannot change the path's meaning.
const pointer = (key: string) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

export const duckDbDialect: SqlDialect = {
  // Ingestion never stores a uuid twice here (one writer, de-duplicated before the commit).
  events: (alias) => `events ${alias}`,
  propertyKey: pointer,
  propertyText: (column, keyParam) => `json_extract_string(${column}, ${keyParam})`,
  toNumber: (text) =>
    `(CASE WHEN isfinite(TRY_CAST(${text} AS DOUBLE)) THEN TRY_CAST(${text} AS DOUBLE) END)`,
  localTime: (timestamp, zoneParam) => `timezone(${zoneParam}, timezone('UTC', ${timestamp}))`,
  shiftMinutes: (timestamp, minutes) =>
    minutes === 0 ? timestamp : `(${timestamp} + INTERVAL (${Math.trunc(minutes)}) MINUTE)`,
  bucketStart(local: string, interval: Interval) {
    // Sunday-based weeks: shift forward a day, take the ISO (Monday) week, shift back.
    if (interval === 'week') return `(date_trunc('week', ${local} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`;
    return `date_trunc('${interval}', ${local})`;
  },
  intervalLiteral: (interval) =>
    interval === '7 days' || interval === '30 days'
      ? `INTERVAL ${interval === '7 days' ? 7 : 30} DAY`
      : `INTERVAL 1 ${interval.toUpperCase()}`,
  formatKey: (local) => `strftime(${local}, '%Y-%m-%d %H:%M:%S')`,
  hourOfDay: (local) => `hour(${local})::VARCHAR`,
  dayOfWeek: (local) => `isodow(${local})::VARCHAR`,
  textContains: (text, needleParam) => `contains(${text}, ${needleParam})`,
  iLike: (text, patternParam) => `(${text} ILIKE ${patternParam} ESCAPE '\\')`,
  regexMatch: (text, patternParam) => `regexp_matches(${text}, ${patternParam})`,
  toInstant: (text) => `TRY_CAST(${text} AS TIMESTAMPTZ)`,
  inSubquery: (expr, subquery) => `${expr} IN ${subquery}`,
  timestampParam: (param) => `${param}::TIMESTAMP`,
  quantile: (expr, q) => `quantile_cont((${expr})::DOUBLE, ${q})`,
  semverParts(text) {
    const parts = `TRY_CAST(string_split(nullif(regexp_extract(${text}, '^[vV]?([0-9]+(\\.[0-9]+){0,2})([-+].*)?$', 1), ''), '.') AS BIGINT[])`;
    return `(CASE WHEN ${parts} IS NOT NULL THEN (list_concat(${parts}, [0, 0, 0]))[1:3] END)`;
  },
  intList: (params) => `[${params.map((p) => `${p}::BIGINT`).join(', ')}]`,
  textListRows: (param) => `(SELECT unnest(${param}::VARCHAR[]) AS value)`,
  reusesAggregateCtes: true,
  materializedCte: (name, body) => `${name} AS MATERIALIZED (${body})`,
  orderKey: (parts) => `row(${parts.join(', ')})`,
  eventOrderKey: (timestamp, uuid) => `row(${timestamp}, ${uuid})`,
  epochMs: (timestamp) => `epoch_ms(${timestamp})`,
  argMax: (value, by) => `arg_max(${value}, ${by})`,
  argMin: (value, by) => `arg_min(${value}, ${by})`,
  boolOr: (condition) => `bool_or(${condition})`,
  wallTimestamp: (textParam) => `CAST(${textParam} AS TIMESTAMP)`,
  nullTimestamp: () => 'CAST(NULL AS TIMESTAMP)',
  isoTime: (timestamp, precision) =>
    `strftime(${timestamp}, '%Y-%m-%dT%H:%M:%S.${precision === 'ms' ? '%g' : '%f'}Z')`,
  unnestList: (list) => `unnest(${list})`,
  nonNullList: (items, sorted) => {
    const list = `list_filter([${items.join(', ')}], x -> x IS NOT NULL)`;
    return sorted ? `list_sort(${list})` : list;
  },
  listLength: (list) => `len(${list})`,
  lag: (expr) => `lag(${expr})`,
  lead: (expr) => `lead(${expr})`,
  startsWith: (text, prefixLiteral) => `starts_with(${text}, ${prefixLiteral})`,
  jsonObject: (entries) => `json_object(${entries.map((e) => `'${e.key}', ${e.value}`).join(', ')})`,
  emptyJsonObject: () => `'{}'::JSON`,
};
