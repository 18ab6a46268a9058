import type { EvaluationEnv } from './evaluation-env.ts';
import { unresolved } from './evaluation-env.ts';
import { compileOperator, type OperatorTest } from './operators/compile-operator.ts';
import {
  groupProperty,
  initialSourceOf,
  MISSING,
  type PropertyLookup,
  personProperty,
} from './property-source.ts';
import type { FlagProperty, Unresolved } from './types.ts';

/** Operators that hold for an absent key on the server: "is not X" is true of nothing. */
const TRUE_WHEN_MISSING: ReadonlySet<string> = new Set([
  'is_not',
  'is_not_set',
  'not_icontains',
  'not_starts_with',
  'not_ends_with',
  'not_regex',
  'not_icontains_multi',
  'not_between',
]);

/** A person or group property filter, lowered once per definition. */
export interface CompiledProperty {
  readonly key: string;
  readonly operator: string;
  /** `person`/`group` as typed; `auto` follows the condition's aggregation. */
  readonly source: 'person' | 'group' | 'auto';
  readonly groupTypeIndex: number | null;
  readonly initialSource: string | null;
  readonly trueWhenMissing: boolean;
  readonly negation: boolean;
  readonly test: OperatorTest;
}

export function compileProperty(filter: FlagProperty): CompiledProperty {
  const operator = filter.operator ?? 'exact';
  return {
    key: filter.key,
    operator,
    source: filter.type === 'group' ? 'group' : filter.type === 'person' ? 'person' : 'auto',
    groupTypeIndex: filter.group_type_index ?? null,
    initialSource: initialSourceOf(filter.key),
    trueWhenMissing: TRUE_WHEN_MISSING.has(operator),
    negation: filter.negation === true,
    test: compileOperator(operator, filter.value),
  };
}

/**
 * The value a filter reads. Typed filters go to their own source, so one condition can mix person and
 * group filters (the flags service's `resolve_for_filter`); untyped ones follow the condition's aggregation.
 */
export function lookUp(property: CompiledProperty, env: EvaluationEnv, aggregation: number | null) {
  if (property.source === 'group') {
    return groupProperty(env, property.groupTypeIndex ?? aggregation, property.key);
  }
  if (property.source === 'person' || aggregation === null) {
    return personProperty(env, property.key, property.initialSource);
  }
  return groupProperty(env, aggregation, property.key);
}

/**
 * One property filter against a looked-up value. Server mode follows the flags service's
 * `match_property`: an absent key satisfies only the negative operators, and an unusable filter is no
 * match. Local mode cannot tell "absent" from "not sent", so those cases are inconclusive.
 */
export function matchProperty(
  property: CompiledProperty,
  value: PropertyLookup,
  env: EvaluationEnv,
): boolean | Unresolved {
  if (value === MISSING) {
    if (env.server) return property.trueWhenMissing;
    return unresolved('missing_context', `property "${property.key}" was not provided`);
  }
  const result = property.test(value, env);
  if (typeof result === 'boolean') return result;
  if (env.server) return false;
  if (result === undefined) return unresolved('unknown_operator', `unknown operator "${property.operator}"`);
  return unresolved(
    'invalid_filter',
    `filter value for "${property.key}" is not usable with ${property.operator}`,
  );
}
