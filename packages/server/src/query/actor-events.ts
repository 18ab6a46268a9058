import type { CompileContext } from './compile-context.ts';
import { type DateRangeInput, type Interval, type ResolvedRange, resolveDateRange } from './date-range.ts';
import { propertiesSql } from './property-filter-sql.ts';
import { earliestEvent, type QueryEngine } from './query-engine.ts';
import type { PropertyFilter } from './query-schemas.ts';

/**
 * Who an insight counts: the person the event's distinct id maps to now (so merged identities count once),
 * or with `aggregation_group_type_index` the group; NULL when the event has no such group.
 */
export function actorSql(ctx: CompileContext, groupIndex: number | null | undefined): string {
  if (groupIndex !== null && groupIndex !== undefined) return `nullif(e.group_${groupIndex}, '')`;
  return ctx.personKey();
}

/** An EventsNode (or retention entity) as a condition on `e`: its event name and its own property filters. */
export function nodeMatchSql(
  ctx: CompileContext,
  node: { event?: string | null; properties?: PropertyFilter[] | null },
  attr: string,
): string {
  const parts: string[] = [];
  if (node.event) parts.push(`e.event = ${ctx.bind(node.event)}`);
  parts.push(...propertiesSql(ctx, node.properties, `${attr}.properties`));
  return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
}

/** `e.timestamp` within [from, to), both bound. */
export function timeWindowSql(ctx: CompileContext, from: Date | null, to: Date): string[] {
  const d = ctx.dialect;
  const upper = `e.timestamp < ${d.timestampParam(ctx.bind(to))}`;
  return from ? [`e.timestamp >= ${d.timestampParam(ctx.bind(from))}`, upper] : [upper];
}

/** The query's date range in the project timezone; `date_from: "all"` starts at the project's first event. */
export async function queryRange(
  engine: QueryEngine,
  dateRange: DateRangeInput | null | undefined,
  interval: Interval,
  defaultFrom?: string,
): Promise<ResolvedRange> {
  const earliest = dateRange?.date_from === 'all' ? await earliestEvent(engine) : null;
  return resolveDateRange(dateRange ?? {}, interval, {
    now: engine.env.now,
    timeZone: engine.env.timeZone,
    earliest,
    ...(defaultFrom ? { defaultFrom } : {}),
  });
}

/** `WITH` text for the joins the compiled expressions asked for plus the statement's own CTEs. */
export function withCtes(ctx: CompileContext, build: (joins: string) => string[]): string {
  const { ctes, joins } = ctx.joins();
  return `WITH ${[...ctes, ...build(joins.join(' '))].join(',\n')}`;
}
