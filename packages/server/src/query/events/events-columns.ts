import { AppError } from '../../errors/app-error.ts';
import type { CompileContext } from '../compile-context.ts';
import { toNumber } from '../query-engine.ts';

/** One select expression of an EventsQuery: its SQL, how a value comes back, and its PostHog type. */
export interface EventsColumn {
  sql: string;
  aggregate: boolean;
  type: string;
  decode(value: unknown): unknown;
}

const asJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));
const same = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : (v ?? null));
const PROPERTY = /^(person\.)?properties\.(.+)$/;

/** Strips PostHog's `-- label` comments and surrounding whitespace. */
export const expressionOf = (select: string) => select.replace(/\s--.*$/, '').trim();

/**
 * The documented subset of HogQL select expressions: `*`, event columns, `properties`, `properties.X`,
 * `person`, `person.properties.X`, and `count()`, `count(DISTINCT person_id)`, `min/max(timestamp)`.
 */
export function eventsColumn(ctx: CompileContext, select: string, attr: string): EventsColumn {
  const expr = expressionOf(select);
  const d = ctx.dialect;
  const plain = (sql: string, type = 'String'): EventsColumn => ({
    sql,
    aggregate: false,
    type,
    decode: same,
  });
  const property = PROPERTY.exec(expr);
  if (property) {
    const key = (property[2] ?? '').replace(/^`(.*)`$/, '$1').replace(/^"(.*)"$/, '$1');
    const column = property[1] ? ctx.personProperties() : 'e.properties';
    return plain(ctx.dialect.propertyText(column, ctx.bind(ctx.dialect.propertyKey(key))));
  }
  switch (expr.replace(/\s+/g, ' ')) {
    case '*':
      return {
        sql: d.jsonObject([
          { key: 'uuid', value: 'e.uuid::VARCHAR', kind: 'text' },
          { key: 'event', value: 'e.event', kind: 'text' },
          { key: 'properties', value: 'e.properties', kind: 'json' },
          { key: 'timestamp', value: d.isoTime('e.timestamp', 'ms'), kind: 'text' },
          { key: 'team_id', value: 'e.project_id', kind: 'number' },
          { key: 'distinct_id', value: 'e.distinct_id', kind: 'text' },
          // A literal key: the same for every row, it needs no parameter.
          {
            key: 'elements_chain',
            value: `coalesce(${d.propertyText('e.properties', `'${String(d.propertyKey('$elements_chain'))}'`)}, '')`,
            kind: 'text',
          },
          { key: 'created_at', value: d.isoTime('e.created_at', 'ms'), kind: 'text' },
        ]),
        aggregate: false,
        type: 'Tuple',
        decode: asJson,
      };
    case 'event':
    case 'distinct_id':
      return plain(`e.${expr}`);
    case 'uuid':
      return plain('e.uuid::VARCHAR', 'UUID');
    case 'timestamp':
    case 'created_at':
      return plain(d.isoTime(`e.${expr}`, 'ms'), 'DateTime64');
    case 'person_id':
      return plain(`${ctx.personKey()}::VARCHAR`, 'UUID');
    case 'properties':
      return { sql: 'e.properties', aggregate: false, type: 'String', decode: asJson };
    case 'person':
      return {
        sql: d.jsonObject([
          { key: 'uuid', value: `${ctx.personKey()}::VARCHAR`, kind: 'text' },
          { key: 'id', value: `${ctx.personKey()}::VARCHAR`, kind: 'text' },
          { key: 'distinct_id', value: 'e.distinct_id', kind: 'text' },
          {
            key: 'properties',
            value: `coalesce(${ctx.personProperties()}, ${d.emptyJsonObject()})`,
            kind: 'json',
          },
        ]),
        aggregate: false,
        type: 'Tuple',
        decode: asJson,
      };
    case 'count()':
    case 'count(*)':
      return { sql: 'count(*)', aggregate: true, type: 'UInt64', decode: toNumber };
    case 'count(DISTINCT person_id)':
    case 'count(distinct person_id)':
      return { sql: `count(DISTINCT ${ctx.personKey()})`, aggregate: true, type: 'UInt64', decode: toNumber };
    case 'min(timestamp)':
    case 'max(timestamp)':
      return {
        sql: d.isoTime(`${expr.slice(0, 3)}(e.timestamp)`, 'ms'),
        aggregate: true,
        type: 'DateTime64',
        decode: same,
      };
    default:
      throw new AppError('INVALID_QUERY', `The select expression "${expr}" is not supported.`, attr);
  }
}
