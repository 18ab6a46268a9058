import { AppError } from '../../errors/app-error.ts';
import { parseInstant } from '../operator-sql.ts';
import { propertiesSql } from '../property-filter-sql.ts';
import { execute, newContext, type QueryEngine } from '../query-engine.ts';
import type { EventsQuery } from '../query-schemas.ts';
import { eventsColumn, expressionOf } from './events-columns.ts';

const DEFAULT_LIMIT = 100;
const ORDER = /^(.+?)\s+(ASC|DESC)$/i;

/** EventsQuery: the live events table (select, filters, order, limit/offset), in PostHog's response shape. */
export async function runEventsQuery(engine: QueryEngine, q: EventsQuery): Promise<Record<string, unknown>> {
  if (q.where?.length)
    throw new AppError('INVALID_QUERY', 'HogQL "where" clauses are not supported; use properties.', 'where');
  const ctx = newContext(engine);
  const d = ctx.dialect;
  const columns = q.select.map((s, i) => eventsColumn(ctx, s, `select.${i}`));
  const grouped = columns.some((c) => c.aggregate);
  const now = engine.env.now;
  const where = [
    `${ctx.inProject('e.project_id')}`,
    `e.timestamp >= ${d.timestampParam(ctx.bind(parseInstant(q.after ?? '-24h', now, 'after')))}`,
  ];
  if (q.before)
    where.push(`e.timestamp < ${d.timestampParam(ctx.bind(parseInstant(q.before, now, 'before')))}`);
  if (q.event) where.push(`e.event = ${ctx.bind(q.event)}`);
  if (q.personId) where.push(`${ctx.personKey()}::VARCHAR = ${ctx.bind(q.personId)}`);
  where.push(...propertiesSql(ctx, q.properties, 'properties'));
  where.push(...propertiesSql(ctx, q.fixedProperties, 'fixedProperties'));

  const selected = q.select.map(expressionOf);
  const order = (
    q.orderBy?.length
      ? q.orderBy
      : [grouped ? `${selected[columns.findIndex((c) => c.aggregate)]} DESC` : 'timestamp DESC']
  ).map((o, i) => {
    const m = ORDER.exec(o.trim());
    const expr = expressionOf(m?.[1] ?? o);
    const direction = (m?.[2] ?? 'ASC').toUpperCase();
    const position = selected.indexOf(expr);
    if (position >= 0) return `${position + 1} ${direction}`;
    if (grouped)
      throw new AppError(
        'INVALID_QUERY',
        `Order by "${expr}" must be one of the selected columns.`,
        `orderBy.${i}`,
      );
    return `${eventsColumn(ctx, expr, `orderBy.${i}`).sql} ${direction}`;
  });
  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  engine.budget.reserve((limit + 1) * columns.length, 'lower limit or select fewer columns');
  const groupBy = columns.flatMap((c, i) => (c.aggregate ? [] : [String(i + 1)]));
  const { ctes, joins } = ctx.joins();
  const sql = `${ctes.length ? `WITH ${ctes.join(', ')}` : ''}
    SELECT ${columns.map((c, i) => `${c.sql} AS c${i}`).join(', ')}
    FROM ${d.events('e')} ${joins.join(' ')} WHERE ${where.join(' AND ')}
    ${grouped && groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : ''}
    ORDER BY ${order.join(', ')} LIMIT ${ctx.bind(limit + 1)} OFFSET ${ctx.bind(offset)}`;
  const rows = await execute(engine, ctx, sql, { maxRows: limit + 1 });
  const results = rows.slice(0, limit).map((r, n) => {
    engine.budget.tick(n);
    return columns.map((c, i) => c.decode(r[`c${i}`]));
  });
  return {
    columns: q.select,
    types: columns.map((c) => c.type),
    results,
    hasMore: rows.length > limit,
    limit,
    offset,
  };
}
