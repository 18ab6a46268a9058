import { AppError } from '../errors/app-error.ts';
import type { FlagsRequest } from '../flags/flags-request.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Context attributes with a meaning of their own; every other attribute is a person property. */
const RESERVED = new Set(['targetingKey', 'groups', 'groupProperties', 'personProperties', 'deviceId']);

function groupsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value))
    throw new AppError('INVALID_CONTEXT', '"groups" must map group types to keys.', 'context.groups');
  const groups: Record<string, string> = {};
  for (const [type, key] of Object.entries(value)) {
    if (typeof key !== 'string' && typeof key !== 'number')
      throw new AppError('INVALID_CONTEXT', `Group "${type}" must have a string key.`, 'context.groups');
    groups[type] = String(key);
  }
  return groups;
}

function groupPropertiesOf(value: unknown): Record<string, Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  const invalid = () =>
    new AppError(
      'INVALID_CONTEXT',
      '"groupProperties" must map group types to property objects.',
      'context.groupProperties',
    );
  if (!isObject(value)) throw invalid();
  for (const props of Object.values(value)) if (!isObject(props)) throw invalid();
  return value as Record<string, Record<string, unknown>>;
}

/**
 * An OFREP request body as a `/flags` request: `targetingKey` is the distinct id (PostHog evaluates for someone,
 * so it is required), `groups` / `groupProperties` are PostHog's, and every other attribute, flattened or under
 * `personProperties`, is a person property.
 */
export function flagsRequestFromOfrep(body: unknown, flagKeys: string[] | undefined): FlagsRequest {
  if (!isObject(body))
    throw new AppError('INVALID_CONTEXT', 'The body must be {"context": {...}}.', 'context');
  const context = body.context ?? {};
  if (!isObject(context))
    throw new AppError('INVALID_CONTEXT', '"context" must be an object of attributes.', 'context');
  const targetingKey = context.targetingKey;
  if (targetingKey === undefined || targetingKey === null || targetingKey === '')
    throw new AppError(
      'TARGETING_KEY_MISSING',
      'Set "targetingKey" in the evaluation context to the distinct id to evaluate for.',
      'context.targetingKey',
    );
  if (typeof targetingKey !== 'string' && typeof targetingKey !== 'number')
    throw new AppError('INVALID_CONTEXT', '"targetingKey" must be a string.', 'context.targetingKey');
  const personProperties: Json = {};
  for (const [name, value] of Object.entries(context))
    if (!RESERVED.has(name) && value !== undefined) personProperties[name] = value;
  const nested = context.personProperties;
  if (nested !== undefined && nested !== null) {
    if (!isObject(nested))
      throw new AppError(
        'INVALID_CONTEXT',
        '"personProperties" must be an object.',
        'context.personProperties',
      );
    Object.assign(personProperties, nested);
  }
  const deviceId = typeof context.deviceId === 'string' ? context.deviceId : undefined;
  return {
    token: undefined,
    distinctId: String(targetingKey),
    personProperties,
    groups: groupsOf(context.groups),
    groupProperties: groupPropertiesOf(context.groupProperties),
    anonDistinctId: undefined,
    deviceId,
    flagKeys,
    evaluationContexts: undefined,
    evaluationRuntime: undefined,
    disableFlags: false,
    // OpenFeature has a reason for a switched-off flag (DISABLED), so they are answered rather than left out.
    includeInactive: true,
  };
}
