import type { EvaluationEnv } from './evaluation-env.ts';
import { ownValue } from './own-value.ts';

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
 * The key the flags service fills `key` from when `key` is `$initial_<x>` and only `<x>` is known
 * (server mode); null for any other key. Worked out once per filter.
 */
export function initialSourceOf(key: string): string | null {
  if (!key.startsWith('$initial_')) return null;
  const base = key.slice('$initial_'.length);
  if (INITIAL_SOURCES.has(`$${base}`)) return `$${base}`;
  return INITIAL_SOURCES.has(base) ? base : null;
}

/**
 * A person property, read without copying the context: the given properties, then `distinct_id`, then
 * (server mode) `$initial_<x>` filled from `initialSource` (see `initialSourceOf`).
 */
export function personProperty(
  env: EvaluationEnv,
  key: string,
  initialSource: string | null,
): PropertyLookup {
  const { context } = env;
  const value = own(context.personProperties, key);
  if (value !== MISSING) return value;
  if (key === 'distinct_id') return context.distinctId;
  if (initialSource !== null && env.server) return own(context.personProperties, initialSource);
  return MISSING;
}

/** A group property of the group passed for this type index; `$group_key` is the group's key. */
export function groupProperty(env: EvaluationEnv, groupTypeIndex: number | null | undefined, key: string) {
  if (groupTypeIndex == null) return MISSING;
  const name = env.definitions.group_type_mapping?.[String(groupTypeIndex)];
  if (name === undefined) return MISSING;
  const value = own(ownValue(env.context.groupProperties, name), key);
  if (value !== MISSING) return value;
  if (key === '$group_key') {
    const groupKey = ownValue(env.context.groups, name);
    return groupKey === undefined ? MISSING : groupKey;
  }
  return MISSING;
}
