import type { Interval } from '../date-range.ts';
import type { SqlValue } from '../query-runner.ts';

/**
 * Everything engine-specific the compiler emits. Plans and filters are written against this interface, so a
 * ClickHouse backend is one more implementation rather than a second copy of every query.
 */
export interface SqlDialect {
  /**
   * The events table under an alias, as a FROM item. Each event once: on ClickHouse a retried insert leaves a
   * second row with the same uuid until parts merge, whenever that is.
   */
  events(alias: string): string;
  /** How a property name is bound for `propertyText` (DuckDB: a JSON pointer; ClickHouse: the bare key). */
  propertyKey(key: string): SqlValue;
  /** A JSON property as text (strings unquoted, other values as JSON), NULL when absent or JSON null. */
  propertyText(column: string, keyParam: string): string;
  /** A finite number from a text expression, else NULL. */
  toNumber(text: string): string;
  /** A UTC timestamp column as wall-clock time in the zone bound at `zoneParam`. */
  localTime(timestamp: string, zoneParam: string): string;
  /** A timestamp moved by a whole number of minutes (a fixed UTC offset); the timestamp itself for 0. */
  shiftMinutes(timestamp: string, minutes: number): string;
  bucketStart(local: string, interval: Interval): string;
  /** Interval length, for sliding windows (weekly/monthly active). */
  intervalLiteral(interval: Interval | '7 days' | '30 days'): string;
  /** `YYYY-MM-DD HH:MM:SS`, the bucket key shared with the formatter. */
  formatKey(local: string): string;
  hourOfDay(local: string): string;
  /** 1 = Monday … 7 = Sunday, as ClickHouse's toDayOfWeek. */
  dayOfWeek(local: string): string;
  iLike(text: string, patternParam: string): string;
  /** Whether a text holds a bound substring, literally (a cheap test before parsing JSON). */
  textContains(text: string, needleParam: string): string;
  regexMatch(text: string, patternParam: string): string;
  toInstant(text: string): string;
  timestampParam(param: string): string;
  /** Linear-interpolated quantile of a numeric expression. */
  quantile(expr: string, q: number): string;
  /** A semver text → comparable [major, minor, patch] list, NULL when not a version. */
  semverParts(text: string): string;
  intList(params: string[]): string;
  /** Unnests a bound text list into rows named `value`. */
  textListRows(param: string): string;
  /** A CTE computed once however often the statement reads it (DuckDB otherwise inlines it each time). */
  materializedCte(name: string, body: string): string;
  /**
   * Whether a CTE that aggregates and is read several times is computed once without asking (DuckDB does
   * so since 1.1; ClickHouse runs a CTE again at every read), so splitting one pass into several reads of
   * it is cheap.
   */
  readonly reusesAggregateCtes: boolean;
  /** A value ordered as the tuple of its parts (lexicographically), usable as an ASOF join's inequality. */
  orderKey(parts: string[]): string;
  /** An event's place in time order, (timestamp, uuid), as a value an ASOF join can match on. */
  eventOrderKey(timestamp: string, uuid: string): string;
  /** A timestamp as epoch milliseconds (a number), for conversion windows and times. */
  epochMs(timestamp: string): string;
  /**
   * The value of `value` on the row with the largest (or smallest) `by`, as an aggregate. `orNull`: NULL
   * over no rows (ClickHouse otherwise answers the type's default; its arrays cannot be NULL).
   */
  argMax(value: string, by: string, orNull?: boolean): string;
  argMin(value: string, by: string, orNull?: boolean): string;
  /** Whether any row of the group satisfies a condition, as an aggregate. */
  boolOr(condition: string): string;
  /** A bound `YYYY-MM-DD HH:MM:SS` wall-clock text as a timestamp comparable with bucket starts. */
  wallTimestamp(textParam: string): string;
  /** A NULL of the bucket timestamp type (the bucket of a whole-range total). */
  nullTimestamp(): string;
  /** A timestamp as ISO 8601 text in UTC with a `Z`: milliseconds (`ms`) or microseconds (`us`). */
  isoTime(timestamp: string, precision: 'ms' | 'us'): string;
  /** One row per element of a list expression (in a select list). */
  unnestList(list: string): string;
  /** A list of the given expressions without their NULLs, optionally sorted. */
  nonNullList(items: string[], sorted?: boolean): string;
  listLength(list: string): string;
  /** The previous (or next) row's value in a window, NULL at the partition's edge. */
  lag(expr: string): string;
  lead(expr: string): string;
  /** Whether a text starts with a constant prefix (a SQL literal). */
  startsWith(text: string, prefixLiteral: string): string;
  /**
   * Whether `expr` is among a subquery's rows. On ClickHouse the subquery may read the distributed events table
   * inside a query that already does (a behavioural cohort filter), so it runs once on the entry node (GLOBAL).
   */
  inSubquery(expr: string, subquery: string): string;
  /** A JSON object text from entries: `text` values become JSON strings, `json` ones are embedded as is. */
  jsonObject(entries: { key: string; value: string; kind: 'text' | 'json' | 'number' }[]): string;
  /** An empty JSON object of the properties columns' type. */
  emptyJsonObject(): string;
}
