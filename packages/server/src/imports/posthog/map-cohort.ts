import { isObject, type JsonObject, pick } from './posthog-json.ts';

/**
 * The create body of a cohort. Cohorts saved before PostHog moved to `filters.properties` (2022) only have
 * `groups`, a list of OR-ed property lists; they become the same OR of ANDs in the current shape. Cohort ids
 * inside filters stay PostHog's, for the writer to map.
 */
export function mapCohort(cohort: JsonObject, staticDistinctIds: string[] | null): JsonObject {
  const body = pick(cohort, ['name', 'description', 'is_static']);
  if (typeof body.description !== 'string') delete body.description;
  const filters = isObject(cohort.filters) && isObject(cohort.filters.properties) ? cohort.filters : null;
  if (filters) body.filters = { properties: filters.properties };
  else if (Array.isArray(cohort.groups) && cohort.groups.length > 0)
    body.filters = fromLegacyGroups(cohort.groups);
  if (staticDistinctIds) body.distinct_ids = staticDistinctIds;
  return body;
}

function fromLegacyGroups(groups: unknown[]): JsonObject {
  const values = groups.filter(isObject).map((group) => ({
    type: 'AND',
    values: Array.isArray(group.properties) ? group.properties.filter(isObject) : [],
  }));
  return { properties: { type: 'OR', values } };
}

/** Ids of the cohorts a cohort's filters refer to (`{"type": "cohort", "value": 12}`), at any depth. */
export function referencedCohortIds(cohort: JsonObject): number[] {
  const ids: number[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 50) return;
    if (Array.isArray(node)) for (const child of node) walk(child, depth + 1);
    else if (isObject(node)) {
      if (node.type === 'cohort') {
        const id = Number(node.value);
        if (Number.isInteger(id) && !ids.includes(id)) ids.push(id);
      }
      if (Array.isArray(node.values)) walk(node.values, depth + 1);
      if (isObject(node.properties) || Array.isArray(node.properties)) walk(node.properties, depth + 1);
    }
  };
  walk(cohort.filters, 0);
  walk(cohort.groups, 0);
  return ids;
}
