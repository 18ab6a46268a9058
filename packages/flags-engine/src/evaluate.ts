import { deviceIdOf, groupKeyOf, personBucketingValue } from './bucketing.ts';
import { matchCondition } from './compiled-condition.ts';
import { type CompiledFlag, compiledFlag } from './compiled-flag.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { createEnv, unresolved } from './evaluation-env.ts';
import { missingDependency } from './flag-dependencies.ts';
import { holdoutVariant } from './holdout.ts';
import { MISSING, personProperty } from './property-source.ts';
import { REASON_PRIORITY } from './reasons.ts';
import { inconclusive, result } from './result.ts';
import type {
  Definitions,
  EvaluationContext,
  EvaluationResult,
  FlagDefinition,
  ReasonCode,
  Unresolved,
} from './types.ts';
import { hashedVariant } from './variant.ts';

/**
 * Early-access enrolment, which overrides every condition when the person has an answer. New format:
 * `$feature_enrollment/<key>`; legacy: `super_groups[0]`, evaluated when any of its keys is known.
 * Undefined: no answer, carry on with the conditions.
 */
function superCondition(
  flag: FlagDefinition,
  compiled: CompiledFlag,
  env: EvaluationEnv,
): EvaluationResult | undefined {
  if (compiled.enrollmentProperty !== null) {
    const enrolled = personProperty(env, compiled.enrollmentProperty, null);
    if (enrolled !== MISSING) {
      return result(flag, enrolled === true || enrolled === 'true', null, 'super_condition_value', 0);
    }
  } else if (compiled.superCondition !== null) {
    if (compiled.superKeys.some((p) => personProperty(env, p.key, p.initialSource) !== MISSING)) {
      const bucket = personBucketingValue(flag, env) ?? env.context.distinctId;
      const outcome = matchCondition(compiled.superCondition, compiled.rolloutKey, env, null, bucket);
      if (typeof outcome !== 'string') return inconclusive(flag, outcome);
      return result(flag, outcome === 'match', null, 'super_condition_value', 0);
    }
  } else {
    return undefined;
  }
  // Locally, an absent enrolment property may just not have been sent: the server may know it.
  if (!env.server) return inconclusive(flag, unresolved('missing_context', 'early-access enrolment unknown'));
  return undefined;
}

/** The identifier holdouts hash: the flag-level group key, else the person's bucketing value. */
function holdoutBucketingValue(flag: FlagDefinition, compiled: CompiledFlag, env: EvaluationEnv): string {
  if (compiled.aggregation !== null) return groupKeyOf(env, compiled.aggregation) ?? '';
  return personBucketingValue(flag, env) ?? env.context.distinctId;
}

/** Checks that only apply when an SDK evaluates locally with partial knowledge. */
function localPreconditions(
  flag: FlagDefinition,
  compiled: CompiledFlag,
  env: EvaluationEnv,
): Unresolved | undefined {
  if (flag.ensure_experience_continuity && !env.context.hashKeyOverride) {
    return unresolved('experience_continuity', 'flag needs the stored experience-continuity hash key');
  }
  const aggregation = compiled.aggregation;
  if (aggregation !== null) {
    if (env.definitions.group_type_mapping?.[String(aggregation)] === undefined) {
      return unresolved('no_group_type_mapping', `group type index ${aggregation} is not mapped`);
    }
  } else if (flag.bucketing_identifier === 'device_id' && deviceIdOf(env) === undefined) {
    return unresolved('missing_device_id', 'flag buckets by device id and none was given');
  }
  const missing = compiled.hasFlagFilters ? missingDependency(flag, env) : null;
  return missing ? unresolved('missing_dependency', missing) : undefined;
}

/**
 * The release conditions, first match wins. Failing conditions compete for the reported reason by
 * priority (later wins a tie); the seed is `no_group_type` with no index, as in the flags service.
 */
function releaseConditions(
  flag: FlagDefinition,
  compiled: CompiledFlag,
  env: EvaluationEnv,
): EvaluationResult {
  const earlyExit = !env.server && compiled.earlyExit;
  let best: ReasonCode = 'no_group_type';
  let bestIndex: number | null = null;
  // Like posthog-node, an undecidable condition is skipped and a later match still wins; only when nothing
  // matches does it make the flag inconclusive (published vector: test_get_feature_flag_with_variant_overrides).
  let pending: Unresolved | null = null;
  const conditions = compiled.conditions;

  for (let index = 0; index < conditions.length; index++) {
    const condition = conditions[index]!;
    const aggregation = condition.aggregation;
    let bucket: string | undefined;
    let code: ReasonCode;
    if (aggregation === null) {
      bucket = personBucketingValue(flag, env);
      // Server: a device-bucketed flag without a device id cannot place the person in any rollout.
      code = 'out_of_rollout_bound';
    } else {
      bucket = groupKeyOf(env, aggregation);
      code = 'no_group_type';
    }
    if (bucket !== undefined) {
      const outcome = matchCondition(condition, compiled.rolloutKey, env, aggregation, bucket);
      if (typeof outcome !== 'string') {
        pending ??= outcome;
        continue;
      }
      if (outcome === 'match') {
        const variant = condition.variant ?? hashedVariant(compiled.variants, compiled.variantKey, bucket);
        return result(flag, variant ?? true, variant, 'condition_match', index);
      }
      code = outcome === 'out_of_rollout' ? 'out_of_rollout_bound' : 'no_condition_match';
      if (earlyExit && outcome === 'out_of_rollout') {
        return pending ? inconclusive(flag, pending) : result(flag, false, null, code, index);
      }
    }
    if (REASON_PRIORITY[best] <= REASON_PRIORITY[code]) {
      best = code;
      bestIndex = index;
    }
  }
  if (pending) return inconclusive(flag, pending);
  return result(flag, false, null, best, bestIndex);
}

function decide(flag: FlagDefinition, compiled: CompiledFlag, env: EvaluationEnv): EvaluationResult {
  const early = superCondition(flag, compiled, env);
  if (early) return early;
  if (compiled.holdout !== null) {
    const holdout = holdoutVariant(compiled.holdout, holdoutBucketingValue(flag, compiled, env));
    if (holdout) return result(flag, holdout, holdout, 'holdout_condition_value', null);
  }
  return releaseConditions(flag, compiled, env);
}

/** Evaluates one flag inside an existing environment (shared dependency values). */
export function evaluateInEnv(flag: FlagDefinition, env: EvaluationEnv): EvaluationResult {
  if (!flag.active || flag.deleted) return result(flag, false, null, 'flag_disabled', null);
  const compiled = compiledFlag(flag);
  if (env.server) {
    if (compiled.hasFlagFilters && missingDependency(flag, env)) {
      return result(flag, false, null, 'missing_dependency', null);
    }
  } else {
    const why = localPreconditions(flag, compiled, env);
    if (why) return inconclusive(flag, why);
  }
  // Only a flag that can reach other flags needs to be marked as in progress (to stop cycles).
  if (!compiled.mayRecurse) return decide(flag, compiled, env);
  env.evaluating ??= new Set();
  const evaluating = env.evaluating;
  evaluating.add(flag.key);
  try {
    return decide(flag, compiled, env);
  } finally {
    evaluating.delete(flag.key);
  }
}

function evaluateValue(flag: FlagDefinition, env: EvaluationEnv): boolean | string | Unresolved {
  const evaluation = evaluateInEnv(flag, env);
  return evaluation.inconclusive ? evaluation.reason : evaluation.value;
}

/** @internal A fresh environment for one evaluation call. */
export function createEvaluationEnv(definitions: Definitions, context: EvaluationContext): EvaluationEnv {
  return createEnv(definitions, context, evaluateValue);
}

/**
 * Evaluates one flag like PostHog does, synchronously and without I/O. `definitions` supplies cohorts,
 * group types and the flags this one depends on. Definitions are read as immutable snapshots: each flag
 * object is compiled on first use, so pass new objects rather than editing evaluated ones in place.
 *
 * @example
 * const result = evaluate(flag, definitions, { distinctId: 'user-1', now: new Date(), mode: 'server' });
 * if (!result.inconclusive && result.value) showNewCheckout(result.variant);
 */
export function evaluate(
  flag: FlagDefinition,
  definitions: Definitions,
  context: EvaluationContext,
): EvaluationResult {
  return evaluateInEnv(flag, createEvaluationEnv(definitions, context));
}
