import type { EvaluationEnv } from './evaluation-env.ts';
import { unresolved } from './evaluation-env.ts';
import { matchFlagDependency } from './flag-dependencies.ts';
import { matchProperty } from './match-property.ts';
import { personProperty } from './property-source.ts';
import type { FlagProperty, PropertyGroup, Unresolved } from './types.ts';

function isGroup(value: PropertyGroup | FlagProperty): value is PropertyGroup {
  return 'values' in value;
}

/** A leaf inside a cohort, before its `negation`. Cohorts are person-level, so leaves read the person. */
function matchLeaf(leaf: FlagProperty, env: EvaluationEnv, depth: number): boolean | Unresolved {
  if (leaf.type === 'cohort') return matchCohort(leaf, env, depth + 1);
  if (leaf.type === 'flag') return matchFlagDependency(leaf, env);
  return matchProperty(leaf, personProperty(env, leaf.key), env);
}

/**
 * AND: a definite false decides; OR: a definite true decides. Otherwise an undecidable child makes the
 * group undecidable, since it could have gone either way.
 */
function matchGroup(group: PropertyGroup, env: EvaluationEnv, depth: number): boolean | Unresolved {
  // The backend's canonical empty group is `{}`, which matches everyone.
  if (group.type === undefined && group.values === undefined) return true;
  const type = group.type === 'property' ? 'AND' : group.type;
  if (type !== 'AND' && type !== 'OR') {
    return unresolved('unsupported_cohort', `unsupported cohort group type "${String(group.type)}"`);
  }
  const values = group.values ?? [];
  let pending: Unresolved | null = null;
  for (const child of values) {
    let result: boolean | Unresolved;
    if (isGroup(child)) {
      result = matchGroup(child, env, depth);
    } else {
      result = matchLeaf(child, env, depth);
      if (typeof result === 'boolean' && child.negation) result = !result;
    }
    if (typeof result !== 'boolean') pending ??= result;
    else if (type === 'AND' && !result) return false;
    else if (type === 'OR' && result) return true;
  }
  return pending ?? type === 'AND';
}

/**
 * A `type: "cohort"` filter (`value` = cohort id; operator `in`, `exact` or absent, or `not_in`).
 * A cohort missing from the definitions is a static one: only `cohortMembership` can answer for it.
 */
export function matchCohort(filter: FlagProperty, env: EvaluationEnv, depth = 0): boolean | Unresolved {
  const id = String(filter.value);
  // Cohorts referencing themselves would otherwise never end; PostHog forbids such cycles anyway.
  if (depth > 32) return unresolved('unsupported_cohort', `cohort ${id} nests too deeply`);
  const definition = env.definitions.cohorts?.[id];
  let inCohort: boolean | Unresolved;
  if (definition) {
    inCohort = matchGroup(definition, env, depth);
  } else {
    const member = env.context.cohortMembership?.(id);
    inCohort =
      member ?? unresolved('cohort_not_found', `cohort ${id} is not in the definitions (static cohort)`);
  }
  if (typeof inCohort !== 'boolean') return inCohort;
  return filter.operator === 'not_in' ? !inCohort : inCohort;
}
