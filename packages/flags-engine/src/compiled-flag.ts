import { type CompiledCondition, compileCondition } from './compiled-condition.ts';
import { type HashKey, hashKey } from './hash-key.ts';
import { type CompiledHoldout, compileHoldout } from './holdout.ts';
import { initialSourceOf } from './property-source.ts';
import type { FlagCondition, FlagDefinition, FlagFilters } from './types.ts';
import { type VariantSlice, variantSlices } from './variant.ts';

/**
 * Everything `evaluate` needs from a flag's filters, worked out once per definition object: operators
 * lowered with their values parsed, rollout thresholds, variant slices and the hash inputs. The flag's
 * top-level switches (`active`, `deleted`, bucketing) are still read from the definition on every call.
 */
export interface CompiledFlag {
  readonly key: string;
  readonly filters: FlagFilters;
  readonly rolloutKey: HashKey;
  readonly variantKey: HashKey;
  readonly variants: readonly VariantSlice[];
  readonly conditions: readonly CompiledCondition[];
  readonly aggregation: number | null;
  readonly earlyExit: boolean;
  /** `$feature_enrollment/<key>` when the flag is an early-access feature (new format). */
  readonly enrollmentProperty: string | null;
  /** The legacy early-access condition, when `super_groups[0]` has filters. */
  readonly superCondition: CompiledCondition | null;
  readonly superKeys: ReadonlyArray<{ key: string; initialSource: string | null }>;
  readonly holdout: CompiledHoldout | null;
  /** Whether a release condition has a `type: "flag"` filter (which may name a missing flag). */
  readonly hasFlagFilters: boolean;
  /** Whether evaluating the flag can evaluate other flags (flag filters, or cohorts that may hold them). */
  readonly mayRecurse: boolean;
}

function hasFilterOfType(conditions: readonly FlagCondition[], ...types: string[]): boolean {
  return conditions.some((c) => (c.properties ?? []).some((p) => types.includes(String(p.type))));
}

function compile(flag: FlagDefinition): CompiledFlag {
  const filters = flag.filters;
  const aggregation = filters.aggregation_group_type_index ?? null;
  const variantList = filters.multivariate?.variants ?? [];
  const variantKeys = variantList.map((v) => v.key);
  const groups = filters.groups ?? [];
  const superGroup = filters.feature_enrollment === true ? undefined : filters.super_groups?.[0];
  const superProperties = superGroup?.properties ?? [];
  const withSuper = superGroup ? [...groups, superGroup] : groups;
  return {
    key: flag.key,
    filters,
    rolloutKey: hashKey(`${flag.key}.`),
    variantKey: hashKey(`${flag.key}.`, 'variant'),
    variants: variantSlices(variantList),
    conditions: groups.map((c) => compileCondition(c, aggregation, variantKeys)),
    aggregation,
    earlyExit: filters.early_exit === true,
    enrollmentProperty: filters.feature_enrollment === true ? `$feature_enrollment/${flag.key}` : null,
    superCondition:
      superGroup && superProperties.length > 0 ? compileCondition(superGroup, null, variantKeys) : null,
    superKeys: superProperties.map((p) => ({ key: p.key, initialSource: initialSourceOf(p.key) })),
    holdout: compileHoldout(filters.holdout),
    hasFlagFilters: hasFilterOfType(groups, 'flag'),
    mayRecurse: hasFilterOfType(withSuper, 'flag', 'cohort'),
  };
}

// Definitions are immutable snapshots (a change arrives as new objects), so a flag is compiled once per
// object. A replaced `filters` or `key` on the same object is still noticed.
const compiled = new WeakMap<FlagDefinition, CompiledFlag>();

export function compiledFlag(flag: FlagDefinition): CompiledFlag {
  let entry = compiled.get(flag);
  if (entry === undefined || entry.filters !== flag.filters || entry.key !== flag.key) {
    entry = compile(flag);
    compiled.set(flag, entry);
  }
  return entry;
}
