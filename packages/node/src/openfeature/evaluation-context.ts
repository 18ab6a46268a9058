import {
  type EvaluationContext,
  type EvaluationContextValue,
  InvalidContextError,
  TargetingKeyMissingError,
} from '@openfeature/server-sdk';
import type { FlagOptions, Properties } from '../client-api.ts';

export interface SignpostTarget {
  distinctId: string;
  options: Omit<FlagOptions, 'default'>;
}

const isPlainObject = (value: unknown): value is Record<string, EvaluationContextValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

// Flag conditions compare JSON values; a Date is sent the way PostHog's SDKs send timestamps.
function toJson(value: EvaluationContextValue): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

function groupsOf(value: EvaluationContextValue | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new InvalidContextError('"groups" must map group types to group keys.');
  const groups: Record<string, string> = {};
  for (const [type, key] of Object.entries(value)) {
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new InvalidContextError(`The key of group "${type}" must be a string.`);
    }
    groups[type] = String(key);
  }
  return groups;
}

function groupPropertiesOf(
  value: EvaluationContextValue | undefined,
): Record<string, Properties> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value) || !Object.values(value).every(isPlainObject)) {
    throw new InvalidContextError('"groupProperties" must map group types to property objects.');
  }
  return toJson(value) as Record<string, Properties>;
}

/**
 * OpenFeature's context in Signpost's terms: the targeting key is the distinct id, `groups` (type → key) and
 * `groupProperties` (type → properties) address group flags, and every other attribute is a person property.
 */
export function toSignpostTarget(context: EvaluationContext): SignpostTarget {
  const { targetingKey, groups, groupProperties, ...attributes } = context;
  if (typeof targetingKey !== 'string' || targetingKey === '') {
    throw new TargetingKeyMissingError(
      'Signpost evaluates flags per user: set the targeting key to a distinct id.',
    );
  }
  const options: SignpostTarget['options'] = {};
  const personProperties = Object.fromEntries(
    Object.entries(attributes).flatMap(([key, value]) => (value === undefined ? [] : [[key, toJson(value)]])),
  );
  if (Object.keys(personProperties).length > 0) options.personProperties = personProperties;
  const groupKeys = groupsOf(groups);
  if (groupKeys) options.groups = groupKeys;
  const groupProps = groupPropertiesOf(groupProperties);
  if (groupProps) options.groupProperties = groupProps;
  return { distinctId: targetingKey, options };
}
