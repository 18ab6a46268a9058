import { AppError } from '../../errors/app-error.ts';
import type { CompileContext } from '../compile-context.ts';
import { filterSql, metadataColumn } from '../property-filter-sql.ts';
import type { BreakdownFilter } from '../query-schemas.ts';

export const BREAKDOWN_NULL = '$$_posthog_breakdown_null_$$';
export const BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';
export const DEFAULT_BREAKDOWN_LIMIT = 25;

/** A compiled breakdown: one text expression per event, or (cohorts) a list of every matching value. */
export type BreakdownSql =
  | { kind: 'value'; expr: string; limit: number; hideOther: boolean }
  | { kind: 'list'; expr: string };

const invalid = (detail: string, attr: string) => new AppError('INVALID_QUERY', detail, attr);

// HogQL is not parsed; these are the expressions PostHog's UI offers for time-of-event breakdowns. A Map,
// because the key is the user's text: on a plain object "toString" found Object's and broke down by weekday.
const HOGQL_BREAKDOWNS = new Map<string, 'hour' | 'dow'>([
  ['toHour(timestamp)', 'hour'],
  ['toDayOfWeek(timestamp)', 'dow'],
]);

export function breakdownSql(
  ctx: CompileContext,
  b: BreakdownFilter | null | undefined,
  local: string,
): BreakdownSql | null {
  if (!b || b.breakdown === null || b.breakdown === undefined) return null;
  const type = b.breakdown_type ?? 'event';
  const attr = 'breakdownFilter.breakdown';
  const keys = Array.isArray(b.breakdown) ? b.breakdown : [b.breakdown];
  if (type === 'cohort') {
    const ids = keys.map((k) => (k === 'all' ? 0 : Number(k)));
    const cases = ids.map((id, i) => {
      if (!Number.isInteger(id)) throw invalid(`"${String(keys[i])}" is not a cohort id.`, attr);
      const member =
        id === 0 ? 'true' : filterSql(ctx, { key: 'id', type: 'cohort', value: id, operator: 'in' }, attr);
      return `CASE WHEN ${member} THEN ${ctx.bind(String(id))} END`;
    });
    return { kind: 'list', expr: ctx.dialect.nonNullList(cases) };
  }
  if (keys.length !== 1) throw invalid('Only cohort breakdowns take several values.', attr);
  const key = String(keys[0]);
  let expr: string;
  switch (type) {
    case 'person':
      expr = ctx.dialect.propertyText(ctx.personProperties(), ctx.bind(ctx.dialect.propertyKey(key)));
      break;
    case 'group': {
      const index = b.breakdown_group_type_index;
      if (index === null || index === undefined)
        throw invalid(
          'A group breakdown needs breakdown_group_type_index.',
          'breakdownFilter.breakdown_group_type_index',
        );
      expr =
        key === '$group_key'
          ? `nullif(e.group_${index}, '')`
          : ctx.dialect.propertyText(ctx.groupProperties(index), ctx.bind(ctx.dialect.propertyKey(key)));
      break;
    }
    case 'event_metadata':
      expr = metadataColumn(ctx, key, attr);
      break;
    case 'hogql': {
      const which = HOGQL_BREAKDOWNS.get(key.replace(/\s+/g, ''));
      if (!which)
        throw invalid(
          `Only ${[...HOGQL_BREAKDOWNS.keys()].join(' and ')} are supported as HogQL breakdowns.`,
          attr,
        );
      expr = which === 'hour' ? ctx.dialect.hourOfDay(local) : ctx.dialect.dayOfWeek(local);
      break;
    }
    default:
      expr = ctx.eventProperty(key);
  }
  return {
    kind: 'value',
    expr: `coalesce(${expr}, ${ctx.bind(BREAKDOWN_NULL)})`,
    limit: b.breakdown_limit ?? DEFAULT_BREAKDOWN_LIMIT,
    hideOther: b.breakdown_hide_other_aggregation === true,
  };
}
