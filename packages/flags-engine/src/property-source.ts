import type { EvaluationEnv } from './evaluation-env.ts';
import type { FlagProperty } from './types.ts';

/** Marks a property key the context does not hold (distinct from a stored `null`). */
export const MISSING: unique symbol = Symbol('missing');
export type PropertyLookup = unknown | typeof MISSING;

// The flags service fills `$initial_<x>` from `<x>` when only the latter is known
// (`populate_missing_initial_properties`); these are the properties ingestion tracks that way.
const INITIAL_SOURCES: ReadonlySet<string> = new Set([
  '$browser',
  '$browser_version',
  '$device_type',
  '$current_url',
  '$pathname',
  '$os',
  '$os_version',
  '$referring_domain',
  '$referrer',
  '$app_build',
  '$app_name',
  '$app_namespace',
  '$app_version',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_name',
  'utm_term',
  'gclid',
  'gad_source',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
]);

const hasOwn = Object.prototype.hasOwnProperty;

function own(properties: Readonly<Record<string, unknown>> | undefined, key: string): PropertyLookup {
  if (properties === undefined || !hasOwn.call(properties, key)) return MISSING;
  const value = properties[key];
  // `undefined` never survives JSON, so it cannot be a stored value: treat it as absent.
  return value === undefined ? MISSING : value;
}

/**
 * A person property, read without copying the context: the given properties, then `distinct_id`, then
 * (server mode) `$initial_<x>` filled from `<x>`.
 */
export function personProperty(env: EvaluationEnv, key: string): PropertyLookup {
  const { context } = env;
  const value = own(context.personProperties, key);
  if (value !== MISSING) return value;
  if (key === 'distinct_id') return context.distinctId;
  if (env.server && key.startsWith('$initial_')) {
    const base = key.slice('$initial_'.length);
    const source = INITIAL_SOURCES.has(`$${base}`)
      ? `$${base}`
      : INITIAL_SOURCES.has(base)
        ? base
        : undefined;
    if (source) return own(context.personProperties, source);
  }
  return MISSING;
}

/** A group property of the group passed for this type index; `$group_key` is the group's key. */
export function groupProperty(env: EvaluationEnv, groupTypeIndex: number | null | undefined, key: string) {
  if (groupTypeIndex == null) return MISSING;
  const name = env.definitions.group_type_mapping?.[String(groupTypeIndex)];
  if (name === undefined) return MISSING;
  const value = own(env.context.groupProperties?.[name], key);
  if (value !== MISSING) return value;
  if (key === '$group_key') {
    const groupKey = env.context.groups?.[name];
    return groupKey === undefined ? MISSING : groupKey;
  }
  return MISSING;
}

/**
 * The value a filter reads. Typed filters go to their own source, so one condition can mix person and
 * group filters (the flags service's `resolve_for_filter`); untyped ones follow the condition's aggregation.
 */
export function filterValue(
  env: EvaluationEnv,
  filter: FlagProperty,
  aggregation: number | null,
): PropertyLookup {
  if (filter.type === 'group') return groupProperty(env, filter.group_type_index ?? aggregation, filter.key);
  if (filter.type === 'person' || aggregation === null) return personProperty(env, filter.key);
  return groupProperty(env, aggregation, filter.key);
}
