import { deviceIdOf, groupKeyOf, personBucketingValue } from './bucketing.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { createEnv, unresolved } from './evaluation-env.ts';
import { missingDependency } from './flag-dependencies.ts';
import { holdoutVariant } from './holdout.ts';
import { matchCondition } from './match-condition.ts';
import { resolvePayload } from './payload.ts';
import { MISSING, personProperty } from './property-source.ts';
import { REASON_PRIORITY, reason } from './reasons.ts';
import type {
  Definitions,
  EvaluationContext,
  EvaluationResult,
  FlagDefinition,
  FlagEvaluation,
  InconclusiveEvaluation,
  ReasonCode,
  Unresolved,
} from './types.ts';
import { conditionVariant } from './variant.ts';

function result(
  flag: FlagDefinition,
  value: boolean | string,
  variant: string | null,
  code: ReasonCode,
  conditionIndex: number | null,
): FlagEvaluation {
  const { payload, payloadRaw } = resolvePayload(flag, value);
  return { key: flag.key, value, variant, payload, payloadRaw, reason: reason(code, conditionIndex) };
}

function inconclusive(flag: FlagDefinition, why: Unresolved): InconclusiveEvaluation {
  return { key: flag.key, inconclusive: true, reason: why };
}

/**
 * Early-access enrolment, which overrides every condition when the person has an answer. New format:
 * `$feature_enrollment/<key>`; legacy: `super_groups[0]`, evaluated when any of its keys is known.
 * Undefined: no answer, carry on with the conditions.
 */
function superCondition(flag: FlagDefinition, env: EvaluationEnv): EvaluationResult | undefined {
  const filters = flag.filters;
  if (filters.feature_enrollment === true) {
    const enrolled = personProperty(env, `$feature_enrollment/${flag.key}`);
    if (enrolled !== MISSING) {
      return result(flag, enrolled === true || enrolled === 'true', null, 'super_condition_value', 0);
    }
  } else {
    const condition = filters.super_groups?.[0];
    const keys = condition?.properties ?? [];
    if (!condition || keys.length === 0) return undefined;
    if (keys.some((p) => personProperty(env, p.key) !== MISSING)) {
      const bucket = personBucketingValue(flag, env) ?? env.context.distinctId;
      const outcome = matchCondition(flag, condition, env, null, bucket);
      if (typeof outcome !== 'string') return inconclusive(flag, outcome);
      return result(flag, outcome === 'match', null, 'super_condition_value', 0);
    }
  }
  // Locally, an absent enrolment property may just not have been sent: the server may know it.
  if (!env.server) return inconclusive(flag, unresolved('missing_context', 'early-access enrolment unknown'));
  return undefined;
}

/** The identifier holdouts hash: the flag-level group key, else the person's bucketing value. */
function holdoutBucketingValue(flag: FlagDefinition, env: EvaluationEnv): string {
  const aggregation = flag.filters.aggregation_group_type_index;
  if (aggregation != null) return groupKeyOf(env, aggregation) ?? '';
  return personBucketingValue(flag, env) ?? env.context.distinctId;
}

/** Checks that only apply when an SDK evaluates locally with partial knowledge. */
function localPreconditions(flag: FlagDefinition, env: EvaluationEnv): Unresolved | undefined {
  if (flag.ensure_experience_continuity && !env.context.hashKeyOverride) {
    return unresolved('experience_continuity', 'flag needs the stored experience-continuity hash key');
  }
  const aggregation = flag.filters.aggregation_group_type_index;
  if (aggregation != null) {
    if (env.definitions.group_type_mapping?.[String(aggregation)] === undefined) {
      return unresolved('no_group_type_mapping', `group type index ${aggregation} is not mapped`);
    }
  } else if (flag.bucketing_identifier === 'device_id' && deviceIdOf(env) === undefined) {
    return unresolved('missing_device_id', 'flag buckets by device id and none was given');
  }
  const missing = missingDependency(flag, env);
  return missing ? unresolved('missing_dependency', missing) : undefined;
}

/**
 * The release conditions, first match wins. Failing conditions compete for the reported reason by
 * priority (later wins a tie); the seed is `no_group_type` with no index, as in the flags service.
 */
function releaseConditions(flag: FlagDefinition, env: EvaluationEnv): EvaluationResult {
  const filters = flag.filters;
  const flagAggregation = filters.aggregation_group_type_index ?? null;
  const earlyExit = !env.server && filters.early_exit === true;
  let best: ReasonCode = 'no_group_type';
  let bestIndex: number | null = null;
  // Like posthog-node, an undecidable condition is skipped and a later match still wins; only when nothing
  // matches does it make the flag inconclusive (published vector: test_get_feature_flag_with_variant_overrides).
  let pending: Unresolved | null = null;
  const conditions = filters.groups ?? [];

  for (let index = 0; index < conditions.length; index++) {
    const condition = conditions[index]!;
    const aggregation = condition.aggregation_group_type_index ?? flagAggregation;
    let bucket: string | undefined;
    let code: ReasonCode;
    if (aggregation === null) {
      bucket = personBucketingValue(flag, env);
      // Server: a device-bucketed flag without a device id cannot place the person in any rollout.
      if (bucket === undefined) code = 'out_of_rollout_bound';
    } else {
      bucket = groupKeyOf(env, aggregation);
      if (bucket === undefined) code = 'no_group_type';
    }
    if (bucket !== undefined) {
      const outcome = matchCondition(flag, condition, env, aggregation, bucket);
      if (typeof outcome !== 'string') {
        pending ??= outcome;
        continue;
      }
      if (outcome === 'match') {
        const variant = conditionVariant(flag, condition.variant, bucket);
        return result(flag, variant ?? true, variant, 'condition_match', index);
      }
      code = outcome === 'out_of_rollout' ? 'out_of_rollout_bound' : 'no_condition_match';
      if (earlyExit && outcome === 'out_of_rollout') {
        return pending ? inconclusive(flag, pending) : result(flag, false, null, code, index);
      }
    }
    if (REASON_PRIORITY[best] <= REASON_PRIORITY[code!]) {
      best = code!;
      bestIndex = index;
    }
  }
  if (pending) return inconclusive(flag, pending);
  return result(flag, false, null, best, bestIndex);
}

/** Evaluates one flag inside an existing environment (shared dependency values). */
export function evaluateInEnv(flag: FlagDefinition, env: EvaluationEnv): EvaluationResult {
  if (!flag.active || flag.deleted) return result(flag, false, null, 'flag_disabled', null);
  if (env.server) {
    if (missingDependency(flag, env)) return result(flag, false, null, 'missing_dependency', null);
  } else {
    const why = localPreconditions(flag, env);
    if (why) return inconclusive(flag, why);
  }
  env.evaluating.add(flag.key);
  try {
    const early = superCondition(flag, env);
    if (early) return early;
    const holdout = holdoutVariant(flag.filters.holdout, holdoutBucketingValue(flag, env));
    if (holdout) return result(flag, holdout, holdout, 'holdout_condition_value', null);
    return releaseConditions(flag, env);
  } finally {
    env.evaluating.delete(flag.key);
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
 * group types and the flags this one depends on.
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
