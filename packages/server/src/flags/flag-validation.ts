import {
  COHORT_OPERATORS,
  compileLinearRegex,
  type FlagFilters,
  type FlagProperty,
  PROPERTY_OPERATORS,
} from '@signpost/flags-engine';
import { AppError } from '../errors/app-error.ts';
import type { FiltersInput } from './flag-schemas.ts';

export interface ValidationContext {
  flagKey: string;
  /** Group type indexes the project has seen. */
  groupTypeIndexes: Set<number>;
  cohortIds: Set<number>;
  /** Other flags' filters by key, to resolve flag dependencies. */
  flagFilters: (key: string) => FlagFilters | undefined;
  /** A live flag's key by its numeric id: PostHog's API names a parent flag by id (see `parentKey`). */
  flagKeyById?: (id: number) => string | undefined;
}

const propertyOperators = new Set<string>(PROPERTY_OPERATORS);
const cohortOperators = new Set<string>(COHORT_OPERATORS);

const invalid = (detail: string, attr: string) => new AppError('INVALID_FLAG', detail, attr);

/**
 * Checks what a schema cannot: operators, references to cohorts, group types and other flags, variant sums and
 * payloads. Returns the filters as stored: payloads JSON-encoded and dependency chains computed.
 */
export function validateFilters(input: FiltersInput, ctx: ValidationContext): FlagFilters {
  const variants = input.multivariate?.variants ?? [];
  const variantKeys = new Set(variants.map((v) => v.key));
  if (variantKeys.size !== variants.length)
    throw invalid('Variant keys must be unique.', 'filters.multivariate.variants');
  if (variants.length > 0) {
    const sum = variants.reduce((total, v) => total + v.rollout_percentage, 0);
    if (Math.abs(sum - 100) > 1e-9) {
      throw invalid(
        `Variant rollout percentages must add up to 100 (they add up to ${sum}).`,
        'filters.multivariate.variants',
      );
    }
  }
  checkAggregation(input.aggregation_group_type_index, ctx, 'filters.aggregation_group_type_index');
  const conditions = input.groups.map((condition, i) => {
    const at = `filters.groups.${i}`;
    if (condition.variant != null && !variantKeys.has(condition.variant)) {
      throw invalid(
        `Condition ${i + 1} overrides to variant "${condition.variant}", which the flag does not have.`,
        `${at}.variant`,
      );
    }
    checkAggregation(condition.aggregation_group_type_index, ctx, `${at}.aggregation_group_type_index`);
    const properties = (condition.properties ?? []).map((p, j) =>
      checkProperty(p, ctx, `${at}.properties.${j}`),
    );
    return { ...condition, properties };
  });
  return {
    ...input,
    groups: conditions,
    payloads: encodePayloads(input.payloads ?? {}, variantKeys),
  } as FlagFilters;
}

function checkAggregation(index: number | null | undefined, ctx: ValidationContext, attr: string): void {
  if (index == null || ctx.groupTypeIndexes.has(index)) return;
  throw invalid(
    `Group type index ${index} does not exist in this project yet; send an event with that group first.`,
    attr,
  );
}

function checkProperty(
  p: FlagProperty & { type: string },
  ctx: ValidationContext,
  attr: string,
): FlagProperty {
  if (p.type === 'cohort') {
    const id = Number(p.value);
    if (!Number.isInteger(id) || !ctx.cohortIds.has(id))
      throw invalid(`Cohort ${String(p.value)} does not exist.`, `${attr}.value`);
    if (p.operator != null && !cohortOperators.has(p.operator)) {
      throw invalid(
        `Cohort filters take the operators in or not_in, not "${p.operator}".`,
        `${attr}.operator`,
      );
    }
    return p;
  }
  if (p.type === 'flag') {
    const key = parentKey(p.key, ctx);
    if (key === ctx.flagKey) throw invalid('A flag cannot depend on itself.', `${attr}.key`);
    if (!ctx.flagFilters(key)) throw invalid(`Flag "${p.key}" does not exist.`, `${attr}.key`);
    if (p.operator != null && p.operator !== 'flag_evaluates_to') {
      throw invalid(
        `Flag filters take the operator flag_evaluates_to, not "${p.operator}".`,
        `${attr}.operator`,
      );
    }
    return { ...p, key, operator: 'flag_evaluates_to', dependency_chain: dependencyChain(key, ctx, attr) };
  }
  const operator = p.operator ?? 'exact';
  if (!propertyOperators.has(operator)) {
    throw invalid(
      `Unknown operator "${operator}". Known operators: ${PROPERTY_OPERATORS.join(', ')}.`,
      `${attr}.operator`,
    );
  }
  if (p.type === 'group') {
    if (p.group_type_index == null)
      throw invalid('Group filters need a group_type_index.', `${attr}.group_type_index`);
    checkAggregation(p.group_type_index, ctx, `${attr}.group_type_index`);
  }
  // Flag regexes run in the engine's own linear-time matcher with Rust regex syntax (PostHog's), so a
  // pattern is checked by that engine: one it would evaluate as false for every value is refused here.
  if (operator === 'regex' || operator === 'not_regex') {
    const compiled = compileLinearRegex(
      typeof p.value === 'string' ? p.value : (JSON.stringify(p.value) ?? 'null'),
    );
    if ('message' in compiled) {
      throw invalid(
        `"${String(p.value)}" is not a supported regular expression: ${compiled.message} at character ${compiled.offset}.`,
        `${attr}.value`,
      );
    }
  }
  return { ...p, operator };
}

/**
 * PostHog stores a dependency as `key: "<parent flag id>"` and rewrites it to the parent's key only when serving
 * definitions; flags exported from PostHog therefore arrive in the id form. Signpost stores the key form (what
 * SDKs evaluate), so an all-digit key that names no flag but is the id of a live flag becomes that flag's key.
 * A flag whose key really is "12" keeps winning over the flag with id 12, so existing callers see no change.
 */
function parentKey(key: string, ctx: ValidationContext): string {
  if (!/^[0-9]{1,15}$/.test(key) || ctx.flagFilters(key)) return key;
  return ctx.flagKeyById?.(Number(key)) ?? key;
}

/** Dependencies first, ending with `key`, as PostHog stores `dependency_chain`; cycles are refused. */
function dependencyChain(key: string, ctx: ValidationContext, attr: string): string[] {
  const chain: string[] = [];
  const visit = (k: string, path: string[]) => {
    if (path.includes(k)) throw invalid(`Flag dependencies form a cycle: ${[...path, k].join(' → ')}.`, attr);
    if (chain.includes(k)) return;
    for (const group of ctx.flagFilters(k)?.groups ?? []) {
      for (const p of group.properties ?? []) if (p.type === 'flag') visit(p.key, [...path, k]);
    }
    chain.push(k);
  };
  visit(key, [ctx.flagKey]);
  return chain;
}

/** Payloads are stored as JSON-encoded strings (what SDKs expect); a string must already be valid JSON. */
function encodePayloads(payloads: Record<string, unknown>, variantKeys: Set<string>): Record<string, string> {
  // Entries, not assignment: `out['__proto__'] = v` would set the prototype instead of a variant's payload.
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(payloads)) {
    if (value === null || value === undefined || value === '') continue;
    if (key !== 'true' && !variantKeys.has(key)) {
      throw invalid(
        `Payload key "${key}" is neither "true" nor a variant of this flag.`,
        `filters.payloads.${key}`,
      );
    }
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
      } catch {
        throw invalid(`The payload for "${key}" is not valid JSON.`, `filters.payloads.${key}`);
      }
      out.push([key, value]);
    } else {
      out.push([key, JSON.stringify(value)]);
    }
  }
  return Object.fromEntries(out);
}
