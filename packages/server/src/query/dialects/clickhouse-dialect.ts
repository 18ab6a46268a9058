import type { Interval } from '../date-range.ts';
import type { SqlDialect } from './sql-dialect.ts';

const TIME = "6, 'UTC'";
// Events keep UTC instants; wall-clock values are UTC-labelled DateTime64s, so every comparison, bucket and
// format below works on the wall clock without the server's own time zone ever taking part.
const asTime = (expr: string) => `toDateTime64(${expr}, ${TIME})`;
const BUCKETS: Record<Interval, (local: string) => string> = {
  hour: (local) => `toStartOfHour(${local})`,
  day: (local) => `toStartOfDay(${local})`,
  // Sunday-based weeks, as PostHog's default week start.
  week: (local) => asTime(`toStartOfWeek(${local}, 0)`),
  month: (local) => asTime(`toStartOfMonth(${local})`),
};
const JSON_VALUE: Record<'text' | 'json' | 'number', (v: string) => string> = {
  text: (v) => `toJSONString(toString(${v}))`,
  json: (v) => `toString(${v})`,
  number: (v) => `toString(${v})`,
};

/**
 * ClickHouse (26.x; nothing newer than 24.x LTS is relied on). JSON properties are String columns read with
 * the JSON* functions; a missing key or JSON null reads as NULL, as DuckDB's json_extract_string does.
 */
export const clickHouseDialect: SqlDialect = {
  // FINAL folds the rows ReplacingMergeTree has not merged yet (a retried batch) at read time. Copies of one
  // uuid share its distinct id, hence its shard, so each shard folds its own and the Distributed union is exact.
  events: (alias) => `events AS ${alias} FINAL`,
  propertyKey: (key) => key,
  propertyText: (column, keyParam) =>
    `if(JSONType(${column}, ${keyParam}) = 'Null', NULL, if(JSONType(${column}, ${keyParam}) = 'String',
      JSONExtractString(${column}, ${keyParam}), JSONExtractRaw(${column}, ${keyParam})))`,
  toNumber: (text) => `if(isFinite(toFloat64OrZero(${text})), toFloat64OrNull(${text}), NULL)`,
  localTime: (timestamp, zoneParam) =>
    `addSeconds(${timestamp}, timeZoneOffset(toTimeZone(${timestamp}, ${zoneParam})))`,
  shiftMinutes: (timestamp, minutes) =>
    minutes === 0 ? timestamp : `addMinutes(${timestamp}, ${Math.trunc(minutes)})`,
  bucketStart: (local, interval) => BUCKETS[interval](local),
  intervalLiteral: (interval) =>
    interval === '7 days' || interval === '30 days'
      ? `INTERVAL ${interval === '7 days' ? 7 : 30} DAY`
      : `INTERVAL 1 ${interval.toUpperCase()}`,
  formatKey: (local) => `formatDateTime(${local}, '%Y-%m-%d %H:%i:%S')`,
  hourOfDay: (local) => `toString(toHour(${local}))`,
  dayOfWeek: (local) => `toString(toDayOfWeek(${local}))`,
  textContains: (text, needleParam) => `(position(${text}, ${needleParam}) > 0)`,
  // ClickHouse's LIKE escapes with a backslash, as the compiler's patterns do.
  iLike: (text, patternParam) => `(${text} ILIKE ${patternParam})`,
  regexMatch: (text, patternParam) => `match(${text}, ${patternParam})`,
  toInstant: (text) => `parseDateTime64BestEffortOrNull(${text}, ${TIME})`,
  // Dates are bound as DateTime64(6, 'UTC') parameters already.
  inSubquery: (expr, subquery) => `${expr} GLOBAL IN ${subquery}`,
  timestampParam: (param) => param,
  // Linear interpolation between the closest ranks, as DuckDB's quantile_cont.
  quantile: (expr, q) => `quantileExactInclusive(${q})(toFloat64(${expr}))`,
  semverParts(text) {
    const core = `extract(${text}, '^[vV]?([0-9]+(?:\\\\.[0-9]+){0,2})(?:[-+].*)?$')`;
    // Arrays cannot be NULL here: a text that is no version compares as [-1] (below every version).
    return `if(${core} = '', [-1], arrayResize(arrayMap(x -> toInt64(x), splitByChar('.', ${core})), 3, 0))`;
  },
  intList: (params) => `[${params.join(', ')}]`,
  textListRows: (param) => `(SELECT arrayJoin(${param}) AS value)`,
  reusesAggregateCtes: false,
  materializedCte: (name, body) => `${name} AS (${body})`,
  orderKey: (parts) => `tuple(${parts.join(', ')})`,
  // ASOF joins take no tuples: the microsecond instant and the uuid packed into one UInt256 keep the order.
  eventOrderKey: (timestamp, uuid) =>
    `(toUInt256(toUnixTimestamp64Micro(${timestamp})) * toUInt256('340282366920938463463374607431768211456') + toUInt256(toUInt128(${uuid})))`,
  epochMs: (timestamp) => `toUnixTimestamp64Milli(${timestamp})`,
  argMax: (value, by, orNull) => `argMax${orNull ? 'OrNull' : ''}(${value}, ${by})`,
  argMin: (value, by, orNull) => `argMin${orNull ? 'OrNull' : ''}(${value}, ${by})`,
  boolOr: (condition) => `max(${condition})`,
  wallTimestamp: (textParam) => asTime(textParam),
  nullTimestamp: () => `CAST(NULL AS Nullable(DateTime64(${TIME})))`,
  isoTime: (timestamp, precision) =>
    precision === 'us'
      ? `formatDateTime(${timestamp}, '%Y-%m-%dT%H:%i:%S.%fZ')`
      : `concat(formatDateTime(${timestamp}, '%Y-%m-%dT%H:%i:%S.'), leftPad(toString(toMillisecond(${timestamp})), 3, '0'), 'Z')`,
  unnestList: (list) => `arrayJoin(${list})`,
  nonNullList: (items, sorted) => {
    const list = `arrayFilter(x -> x IS NOT NULL, [${items.join(', ')}])`;
    return sorted ? `arraySort(${list})` : list;
  },
  listLength: (list) => `length(${list})`,
  // toNullable: ClickHouse fills a missing neighbour with the type's default (0, '') unless it can be NULL.
  lag: (expr) => `lag(toNullable(${expr}))`,
  lead: (expr) => `lead(toNullable(${expr}))`,
  startsWith: (text, prefixLiteral) => `startsWith(${text}, ${prefixLiteral})`,
  jsonObject: (entries) =>
    `concat('{', ${entries
      .map((e, i) => `'${i ? ',' : ''}"${e.key}":', ${JSON_VALUE[e.kind](e.value)}`)
      .join(', ')}, '}')`,
  emptyJsonObject: () => `'{}'`,
};
