import { type CompiledProperty, compileProperty, lookUp, matchProperty } from './compiled-property.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { matchFlagDependency } from './flag-dependencies.ts';
import type { HashKey } from './hash-key.ts';
import { type CohortRef, cohortRef, matchCohort } from './match-cohort.ts';
import { bucketHash } from './rollout.ts';
import type { FlagCondition, FlagProperty, Unresolved } from './types.ts';

export type CompiledFilter =
  | { readonly kind: 'property'; readonly property: CompiledProperty }
  | { readonly kind: 'cohort'; readonly ref: CohortRef }
  | { readonly kind: 'flag'; readonly filter: FlagProperty };

/** A release (or super) condition, lowered once per flag definition. */
export interface CompiledCondition {
  readonly filters: readonly CompiledFilter[];
  /** The group type the condition aggregates by (its own, else the flag's); null for persons. */
  readonly aggregation: number | null;
  /** Null (absent) or >= 100% skips the digest, as the flags service does (`hash <= 1` holds anyway). */
  readonly fullRollout: boolean;
  readonly rolloutThreshold: number;
  /** The variant override, only when it names one of the flag's variants; otherwise the hash decides. */
  readonly variant: string | null;
}

function compileFilter(filter: FlagProperty): CompiledFilter {
  if (filter.type === 'cohort') return { kind: 'cohort', ref: cohortRef(filter) };
  if (filter.type === 'flag') return { kind: 'flag', filter };
  return { kind: 'property', property: compileProperty(filter) };
}

export function compileCondition(
  condition: FlagCondition,
  flagAggregation: number | null,
  variantKeys: readonly string[],
): CompiledCondition {
  const rollout = condition.rollout_percentage;
  const override = condition.variant;
  return {
    filters: (condition.properties ?? []).map(compileFilter),
    aggregation: condition.aggregation_group_type_index ?? flagAggregation,
    fullRollout: rollout == null || rollout >= 100,
    rolloutThreshold: rollout == null ? 1 : rollout / 100,
    variant: override != null && variantKeys.includes(override) ? override : null,
  };
}

/** One filter of a condition, whatever its type. */
function matchFilter(
  filter: CompiledFilter,
  env: EvaluationEnv,
  aggregation: number | null,
): boolean | Unresolved {
  if (filter.kind === 'property') {
    return matchProperty(filter.property, lookUp(filter.property, env, aggregation), env);
  }
  if (filter.kind === 'cohort') return matchCohort(filter.ref, env);
  return matchFlagDependency(filter.filter, env);
}

export type ConditionOutcome = 'match' | 'no_match' | 'out_of_rollout' | Unresolved;

/**
 * A condition matches when every filter does (AND) and the bucketing value is inside its rollout. A
 * definite false anywhere decides, even after an undecidable filter, because filters have no order.
 */
export function matchCondition(
  condition: CompiledCondition,
  rolloutKey: HashKey,
  env: EvaluationEnv,
  aggregation: number | null,
  bucketingValue: string,
): ConditionOutcome {
  let pending: Unresolved | null = null;
  const filters = condition.filters;
  for (let i = 0; i < filters.length; i++) {
    const result = matchFilter(filters[i]!, env, aggregation);
    if (result === false) return 'no_match';
    if (result !== true) pending ??= result;
  }
  if (pending) return pending;
  if (condition.fullRollout) return 'match';
  return bucketHash(rolloutKey, bucketingValue) <= condition.rolloutThreshold ? 'match' : 'out_of_rollout';
}
