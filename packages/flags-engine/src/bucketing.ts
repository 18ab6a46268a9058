import type { EvaluationEnv } from './evaluation-env.ts';
import { ownValue } from './own-value.ts';
import type { FlagDefinition } from './types.ts';

/** The device id from the context, else person property `$device_id`; empty counts as absent. */
export function deviceIdOf(env: EvaluationEnv): string | undefined {
  const fromContext = env.context.deviceId;
  if (fromContext) return fromContext;
  const fromProperties = env.context.personProperties?.$device_id;
  return typeof fromProperties === 'string' && fromProperties !== '' ? fromProperties : undefined;
}

/**
 * Who a person-aggregated condition buckets: the device for `bucketing_identifier: "device_id"`
 * (undefined when unknown), else the experience-continuity key, else the distinct id (the flags service's
 * `hashed_identifier`).
 */
export function personBucketingValue(flag: FlagDefinition, env: EvaluationEnv): string | undefined {
  if (flag.bucketing_identifier === 'device_id') return deviceIdOf(env);
  if (flag.ensure_experience_continuity && env.context.hashKeyOverride) return env.context.hashKeyOverride;
  return env.context.distinctId;
}

/** The key of the group passed for a type index, or undefined when that group was not passed. */
export function groupKeyOf(env: EvaluationEnv, groupTypeIndex: number): string | undefined {
  const name = env.definitions.group_type_mapping?.[String(groupTypeIndex)];
  if (name === undefined) return undefined;
  const key = ownValue(env.context.groups, name);
  // Group keys arrive as JSON; numbers are valid keys and hash as their decimal form.
  if (typeof key === 'number') return String(key);
  return typeof key === 'string' && key !== '' ? key : undefined;
}
