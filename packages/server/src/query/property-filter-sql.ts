import type { FlagProperty, PropertyGroup } from '@signpost/flags-engine';
import { behavioralLeaf, isBehavioral } from '../cohorts/behavioral-leaf.ts';
import { AppError } from '../errors/app-error.ts';
import { behavioralSql } from './behavioral-sql.ts';
import type { CompileContext } from './compile-context.ts';
import { operatorSql } from './operator-sql.ts';
import type { Properties, PropertyFilter, PropertyGroupFilter } from './query-schemas.ts';

const MAX_COHORT_DEPTH = 5;

const invalid = (detail: string, attr: string) => new AppError('INVALID_QUERY', detail, attr);

/** The text expression a filter reads, by filter type. */
function subject(ctx: CompileContext, f: PropertyFilter, attr: string): string {
  const key = String(f.key);
  switch (f.type) {
    case 'person':
      return ctx.dialect.propertyText(ctx.personProperties(), ctx.bind(ctx.dialect.propertyKey(key)));
    case 'group': {
      if (f.group_type_index === null || f.group_type_index === undefined)
        throw invalid('A group filter needs group_type_index.', `${attr}.group_type_index`);
      const column = ctx.groupProperties(f.group_type_index);
      return ctx.dialect.propertyText(column, ctx.bind(ctx.dialect.propertyKey(key)));
    }
    case 'event_metadata':
      return metadataColumn(ctx, key, attr);
    default:
      return ctx.eventProperty(key);
  }
}

/** Event columns addressable by name (`event`, `distinct_id`, `person_id`, `timestamp`, `$group_N`). */
export function metadataColumn(ctx: CompileContext, key: string, attr: string): string {
  if (key === 'event' || key === 'distinct_id') return `e.${key}`;
  if (key === 'person_id') return `${ctx.personKey()}::VARCHAR`;
  if (key === 'timestamp') return ctx.dialect.isoTime('e.timestamp', 'us');
  const group = /^\$group_([0-4])$/.exec(key);
  if (group) return `nullif(e.group_${group[1]}, '')`;
  throw invalid(`"${key}" is not an event column.`, attr);
}

function cohortSql(ctx: CompileContext, f: PropertyFilter, attr: string, depth: number): string {
  const id = Number(f.value ?? f.key);
  if (!Number.isInteger(id)) throw invalid('A cohort filter needs the cohort id as value.', `${attr}.value`);
  if (depth > MAX_COHORT_DEPTH) throw invalid('Cohorts nest too deeply.', attr);
  let definition: ReturnType<CompileContext['env']['cohort']>;
  try {
    definition = ctx.env.cohort(id);
  } catch {
    throw invalid(`No cohort with id ${id}.`, `${attr}.value`);
  }
  let inCohort: string;
  if (definition.isStatic) {
    // Members are distinct ids; their persons are those ids' current mappings.
    inCohort = `${ctx.personKey()} IN (SELECT ${ctx.dialect.argMax('person_id', 'version')} FROM person_distinct_ids
      WHERE ${ctx.inProject('project_id')} AND distinct_id IN (SELECT distinct_id FROM cohort_static_members
        WHERE ${ctx.inProject('project_id')} AND cohort_id = ${ctx.bind(id)})
      GROUP BY distinct_id)`;
  } else {
    inCohort = cohortGroupSql(ctx, definition.properties, attr, depth + 1);
  }
  return f.operator === 'not_in' ? `NOT coalesce(${inCohort}, false)` : `coalesce(${inCohort}, false)`;
}

/** A dynamic cohort's definition: nested AND/OR groups of person filters (and other cohorts). */
function cohortGroupSql(ctx: CompileContext, group: PropertyGroup, attr: string, depth: number): string {
  const parts = (group.values ?? []).map((v) => {
    if ('values' in v && v.values !== undefined) return cohortGroupSql(ctx, v as PropertyGroup, attr, depth);
    const leaf = v as FlagProperty;
    if (isBehavioral(leaf)) {
      const sql = behavioralSql(ctx, behavioralLeaf(leaf, attr));
      return leaf.negation ? `NOT (${sql})` : sql;
    }
    const filter: PropertyFilter = {
      key: leaf.key,
      value: leaf.value,
      operator: (leaf.operator ?? 'exact') as PropertyFilter['operator'],
      type: leaf.type === 'cohort' ? 'cohort' : leaf.type === 'group' ? 'group' : 'person',
      group_type_index: leaf.group_type_index ?? null,
    };
    const sql = filterSql(ctx, filter, attr, depth);
    return leaf.negation ? `NOT (${sql})` : sql;
  });
  if (parts.length === 0) return 'true';
  return `(${parts.join(group.type === 'OR' ? ' OR ' : ' AND ')})`;
}

export function filterSql(ctx: CompileContext, f: PropertyFilter, attr: string, depth = 0): string {
  if (f.type === 'cohort') return cohortSql(ctx, f, attr, depth);
  const operator = f.operator ?? 'exact';
  if (operator === 'in' || operator === 'not_in')
    throw invalid(`Operator "${operator}" applies to cohort filters only.`, `${attr}.operator`);
  return operatorSql(ctx, operator, subject(ctx, f, attr), f.value, attr);
}

/** `properties` as PostHog sends it: a list (AND) or a PropertyGroupFilter tree. Empty → no condition. */
export function propertiesSql(
  ctx: CompileContext,
  properties: Properties | null | undefined,
  attr: string,
): string[] {
  if (!properties) return [];
  if (Array.isArray(properties)) return properties.map((f, i) => filterSql(ctx, f, `${attr}.${i}`));
  const sql = groupSql(ctx, properties, attr);
  return sql ? [sql] : [];
}

function groupSql(ctx: CompileContext, group: PropertyGroupFilter, attr: string): string | null {
  const parts = group.values.flatMap((v, i) => {
    const at = `${attr}.values.${i}`;
    if ('values' in v) {
      const inner = groupSql(ctx, v, at);
      return inner ? [inner] : [];
    }
    return [filterSql(ctx, v, at)];
  });
  if (parts.length === 0) return null;
  return `(${parts.join(group.type === 'OR' ? ' OR ' : ' AND ')})`;
}
