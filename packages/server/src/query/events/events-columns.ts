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

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;
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
        sql: `json_object('uuid', e.uuid::VARCHAR, 'event', e.event, 'properties', e.properties,
          'timestamp', strftime(e.timestamp, ${ISO}), 'team_id', e.project_id, 'distinct_id', e.distinct_id,
          'elements_chain', coalesce(json_extract_string(e.properties, '/$elements_chain'), ''),
          'created_at', strftime(e.created_at, ${ISO}))`,
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
      return plain(`strftime(e.${expr}, ${ISO})`, 'DateTime64');
    case 'person_id':
      return plain(`${ctx.personKey()}::VARCHAR`, 'UUID');
    case 'properties':
      return { sql: 'e.properties', aggregate: false, type: 'String', decode: asJson };
    case 'person':
      return {
        sql: `json_object('uuid', ${ctx.personKey()}::VARCHAR, 'id', ${ctx.personKey()}::VARCHAR,
          'distinct_id', e.distinct_id, 'properties', coalesce(${ctx.personProperties()}, '{}'::JSON))`,
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
        sql: `strftime(${expr.slice(0, 3)}(e.timestamp), ${ISO})`,
        aggregate: true,
        type: 'DateTime64',
        decode: same,
      };
    default:
      throw new AppError('INVALID_QUERY', `The select expression "${expr}" is not supported.`, attr);
  }
}
