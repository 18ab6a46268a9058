import { type CompiledProperty, compileProperty, matchProperty } from './compiled-property.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { unresolved } from './evaluation-env.ts';
import { matchFlagDependency } from './flag-dependencies.ts';
import { ownValue } from './own-value.ts';
import { personProperty } from './property-source.ts';
import type { FlagProperty, PropertyGroup, Unresolved } from './types.ts';

/** A `type: "cohort"` filter: `value` = cohort id; operator `in`, `exact` or absent, or `not_in`. */
export interface CohortRef {
  readonly id: string;
  readonly notIn: boolean;
}

export function cohortRef(filter: FlagProperty): CohortRef {
  return { id: String(filter.value), notIn: filter.operator === 'not_in' };
}

type CompiledLeaf =
  | { readonly kind: 'cohort'; readonly ref: CohortRef; readonly negation: boolean }
  | { readonly kind: 'flag'; readonly filter: FlagProperty; readonly negation: boolean }
  | { readonly kind: 'property'; readonly property: CompiledProperty; readonly negation: boolean };

interface CompiledGroup {
  readonly kind: 'group';
  /** `all`: the backend's canonical empty group `{}`, which matches everyone. */
  readonly mode: 'all' | 'AND' | 'OR' | 'unsupported';
  readonly type: unknown;
  readonly children: ReadonlyArray<CompiledGroup | CompiledLeaf>;
}

function compileLeaf(leaf: FlagProperty): CompiledLeaf {
  const negation = leaf.negation === true;
  if (leaf.type === 'cohort') return { kind: 'cohort', ref: cohortRef(leaf), negation };
  if (leaf.type === 'flag') return { kind: 'flag', filter: leaf, negation };
  return { kind: 'property', property: compileProperty(leaf), negation };
}

function compileGroup(group: PropertyGroup): CompiledGroup {
  if (group.type === undefined && group.values === undefined) {
    return { kind: 'group', mode: 'all', type: undefined, children: [] };
  }
  const type = group.type === 'property' ? 'AND' : group.type;
  const mode = type === 'AND' || type === 'OR' ? type : 'unsupported';
  const children = (group.values ?? []).map((child) =>
    'values' in child ? compileGroup(child) : compileLeaf(child as FlagProperty),
  );
  return { kind: 'group', mode, type: group.type, children };
}

// Cohort definitions come with immutable definitions snapshots, so each is lowered once.
const compiledCohorts = new WeakMap<PropertyGroup, CompiledGroup>();

function compiledCohort(definition: PropertyGroup): CompiledGroup {
  let compiled = compiledCohorts.get(definition);
  if (!compiled) {
    compiled = compileGroup(definition);
    compiledCohorts.set(definition, compiled);
  }
  return compiled;
}

/** A leaf inside a cohort, before its `negation`. Cohorts are person-level, so leaves read the person. */
function matchLeaf(leaf: CompiledLeaf, env: EvaluationEnv, depth: number): boolean | Unresolved {
  if (leaf.kind === 'cohort') return matchCohort(leaf.ref, env, depth + 1);
  if (leaf.kind === 'flag') return matchFlagDependency(leaf.filter, env);
  const { property } = leaf;
  return matchProperty(property, personProperty(env, property.key, property.initialSource), env);
}

/**
 * AND: a definite false decides; OR: a definite true decides. Otherwise an undecidable child makes the
 * group undecidable, since it could have gone either way.
 */
function matchGroup(group: CompiledGroup, env: EvaluationEnv, depth: number): boolean | Unresolved {
  if (group.mode === 'all') return true;
  if (group.mode === 'unsupported') {
    return unresolved('unsupported_cohort', `unsupported cohort group type "${String(group.type)}"`);
  }
  let pending: Unresolved | null = null;
  for (const child of group.children) {
    let result: boolean | Unresolved;
    if (child.kind === 'group') {
      result = matchGroup(child, env, depth);
    } else {
      result = matchLeaf(child, env, depth);
      if (typeof result === 'boolean' && child.negation) result = !result;
    }
    if (typeof result !== 'boolean') pending ??= result;
    else if (group.mode === 'AND' && !result) return false;
    else if (group.mode === 'OR' && result) return true;
  }
  return pending ?? group.mode === 'AND';
}

/** A cohort missing from the definitions is a static one: only `cohortMembership` can answer for it. */
export function matchCohort(ref: CohortRef, env: EvaluationEnv, depth = 0): boolean | Unresolved {
  // Cohorts referencing themselves would otherwise never end; PostHog forbids such cycles anyway.
  if (depth > 32) return unresolved('unsupported_cohort', `cohort ${ref.id} nests too deeply`);
  const definition = ownValue(env.definitions.cohorts, ref.id);
  let inCohort: boolean | Unresolved;
  if (definition) {
    inCohort = matchGroup(compiledCohort(definition), env, depth);
  } else {
    const member = env.context.cohortMembership?.(ref.id);
    inCohort =
      member ?? unresolved('cohort_not_found', `cohort ${ref.id} is not in the definitions (static cohort)`);
  }
  if (typeof inCohort !== 'boolean') return inCohort;
  return ref.notIn ? !inCohort : inCohort;
}
