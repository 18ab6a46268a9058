import type { EvaluationEnv } from './evaluation-env.ts';
import { matchFlagDependency } from './flag-dependencies.ts';
import { matchCohort } from './match-cohort.ts';
import { matchProperty } from './match-property.ts';
import { filterValue } from './property-source.ts';
import { isInRollout } from './rollout.ts';
import type { FlagCondition, FlagDefinition, FlagProperty, Unresolved } from './types.ts';

export type ConditionOutcome = 'match' | 'no_match' | 'out_of_rollout' | Unresolved;

/** One filter of a condition, whatever its type. */
export function matchFilter(
  filter: FlagProperty,
  env: EvaluationEnv,
  aggregation: number | null,
): boolean | Unresolved {
  if (filter.type === 'cohort') return matchCohort(filter, env);
  if (filter.type === 'flag') return matchFlagDependency(filter, env);
  return matchProperty(filter, filterValue(env, filter, aggregation), env);
}

/**
 * A condition matches when every filter does (AND) and the bucketing value is inside its rollout. A
 * definite false anywhere decides, even after an undecidable filter, because filters have no order.
 */
export function matchCondition(
  flag: FlagDefinition,
  condition: FlagCondition,
  env: EvaluationEnv,
  aggregation: number | null,
  bucketingValue: string,
): ConditionOutcome {
  let pending: Unresolved | null = null;
  const filters = condition.properties;
  if (filters) {
    for (const filter of filters) {
      const result = matchFilter(filter, env, aggregation);
      if (result === false) return 'no_match';
      if (result !== true) pending ??= result;
    }
  }
  if (pending) return pending;
  return isInRollout(flag.key, bucketingValue, condition.rollout_percentage) ? 'match' : 'out_of_rollout';
}
