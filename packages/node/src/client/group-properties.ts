import type { FlagOptions } from '../client-api.ts';

/**
 * The properties of each group the caller named, with `$group_key` added as posthog-node does, so a condition
 * on the group's key matches whether the flag is evaluated here or on the server.
 */
export function groupPropertiesWithKeys(options: FlagOptions): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [type, key] of Object.entries(options.groups ?? {})) {
    result[type] = { $group_key: key, ...options.groupProperties?.[type] };
  }
  return result;
}
