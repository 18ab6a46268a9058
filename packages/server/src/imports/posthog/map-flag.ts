import { isObject, type JsonObject, pick } from './posthog-json.ts';

// Fields of PostHog's FeatureFlagSerializer that a create request may carry; the rest (id, created_by, status,
// experiment_set, usage dashboards, version, last_called_at…) PostHog computes and Signpost would refuse or ignore.
const FLAG_FIELDS = [
  'key',
  'name',
  'filters',
  'active',
  'ensure_experience_continuity',
  'evaluation_runtime',
  'bucketing_identifier',
  'evaluation_tags',
  'is_remote_configuration',
  'tags',
] as const;

/** The create body of a flag, in PostHog's shape; parent flags stay PostHog's numeric ids (as strings). */
export function mapFlag(flag: JsonObject): JsonObject {
  const body = pick(flag, FLAG_FIELDS);
  // PostHog answers null for unset optional fields, which its own create API accepts but is noise to carry.
  for (const [key, value] of Object.entries(body)) if (value === null) delete body[key];
  return body;
}

/**
 * Ids of the flags this flag depends on. PostHog writes a dependency as a `type: "flag"` property whose key is
 * the parent's numeric id as a string (`{"key": "42", "type": "flag", "operator": "flag_evaluates_to"}`).
 */
export function parentFlagIds(flag: JsonObject): number[] {
  const ids: number[] = [];
  const filters = isObject(flag.filters) ? flag.filters : {};
  for (const groupsKey of ['groups', 'super_groups'] as const) {
    const groups = filters[groupsKey];
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.properties)) continue;
      for (const property of group.properties) {
        if (!isObject(property) || property.type !== 'flag') continue;
        const id = Number(property.key);
        if (Number.isInteger(id) && !ids.includes(id)) ids.push(id);
      }
    }
  }
  return ids;
}
