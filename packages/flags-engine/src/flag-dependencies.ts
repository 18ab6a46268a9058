import type { EvaluationEnv } from './evaluation-env.ts';
import { findFlag, isUnresolved, unresolved } from './evaluation-env.ts';
import type { FlagDefinition, FlagProperty, Unresolved } from './types.ts';

/**
 * `flag_evaluates_to`: `true` accepts any enabled value (true or a non-empty variant), `false` only false,
 * a string only that variant. Anything else never matches.
 */
export function flagValueMatches(expected: unknown, actual: boolean | string): boolean {
  if (typeof expected === 'boolean') {
    return expected === actual || (expected && typeof actual === 'string' && actual !== '');
  }
  if (typeof expected === 'string') return actual === expected;
  return false;
}

/** The first key of a `flag` filter's chain that the definitions lack, or why the chain is unusable. */
function missingInChain(filter: FlagProperty, env: EvaluationEnv): string | null {
  const chain = filter.dependency_chain;
  if (!Array.isArray(chain) || chain.length === 0)
    return `flag filter "${filter.key}" has no dependency_chain`;
  for (const key of chain) {
    if (!findFlag(env.definitions, key)) return `flag dependency "${key}" is not defined`;
  }
  return null;
}

// Whether a flag references a missing dependency anywhere, memoised per definitions snapshot.
const missingByDefinitions = new WeakMap<object, Map<string, string | null>>();

/**
 * Why this flag cannot be evaluated for lack of a dependency, or null. The flags service checks the whole
 * dependency graph before evaluating and answers `missing_dependency` (false) for such flags.
 */
export function missingDependency(flag: FlagDefinition, env: EvaluationEnv): string | null {
  let cache = missingByDefinitions.get(env.definitions);
  if (!cache) {
    cache = new Map();
    missingByDefinitions.set(env.definitions, cache);
  }
  const cached = cache.get(flag.key);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  for (const condition of flag.filters.groups ?? []) {
    for (const filter of condition.properties ?? []) {
      if (filter.type === 'flag') found ??= missingInChain(filter, env);
    }
  }
  cache.set(flag.key, found);
  return found;
}

/** A dependency's value, evaluated once per call and shared by every flag that depends on it. */
function dependencyValue(key: string, env: EvaluationEnv): boolean | string | Unresolved {
  env.dependencyValues ??= new Map();
  const known = env.dependencyValues.get(key);
  if (known !== undefined) return known;
  const flag = findFlag(env.definitions, key);
  if (!flag) return unresolved('missing_dependency', `flag dependency "${key}" is not defined`);
  if (env.evaluating?.has(key))
    return unresolved('missing_dependency', `flag dependency cycle through "${key}"`);
  const value = env.evaluateValue(flag, env);
  env.dependencyValues.set(key, value);
  return value;
}

/** A `type: "flag"` filter: evaluate the chain in order, then compare the target's value. */
export function matchFlagDependency(filter: FlagProperty, env: EvaluationEnv): boolean | Unresolved {
  const missing = missingInChain(filter, env);
  if (missing) return unresolved('missing_dependency', missing);
  for (const key of filter.dependency_chain!) {
    const value = dependencyValue(key, env);
    if (isUnresolved(value)) {
      if (value.code === 'missing_dependency') return value;
      return unresolved('unresolved_dependency', `flag dependency "${key}": ${value.detail}`);
    }
  }
  const target = dependencyValue(filter.key, env);
  if (isUnresolved(target)) return unresolved('unresolved_dependency', target.detail);
  return flagValueMatches(filter.value, target);
}
