import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { Group, PropertyFilterType } from '../api/query-types.ts';
import { runQuery } from './insights-api.ts';

// Suggestions come from recent data through EventsQuery (Signpost has no property-definitions API yet), so
// they are cached per page load: one scan per kind, not one per keystroke.
const cache = new Map<string, Promise<string[]>>();
const LOOKBACK = '-90d';

function cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
  let hit = cache.get(key);
  if (!hit) {
    hit = load().catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, hit);
  }
  return hit;
}

/** Drop cached suggestions, e.g. after new events were sent. */
export const forgetSuggestions = () => cache.clear();

async function rows(select: string[], limit: number): Promise<unknown[][]> {
  const r = await runQuery({ kind: 'EventsQuery', select, after: LOOKBACK, limit });
  return Array.isArray(r.results) ? (r.results as unknown[][]) : [];
}

/** Keys of the objects, most frequent first. */
function keysByFrequency(objects: unknown[]): string[] {
  const counts = new Map<string, number>();
  for (const o of objects) {
    if (typeof o !== 'object' || o === null) continue;
    for (const k of Object.keys(o)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

const groups = (index: number) =>
  get<{ results: Group[] }>(`${PROJECT}/groups/?group_type_index=${index}&limit=200`).then((r) => r.results);

export function eventNames(): Promise<string[]> {
  return cached('events', async () =>
    (await rows(['event', 'count()'], 500)).map((r) => String(r[0])).filter(Boolean),
  );
}

export function propertyNames(type: PropertyFilterType, groupTypeIndex = 0): Promise<string[]> {
  if (type === 'event_metadata') return Promise.resolve(['event', 'distinct_id', 'timestamp']);
  return cached(`names:${type}:${groupTypeIndex}`, async () => {
    if (type === 'group')
      return keysByFrequency((await groups(groupTypeIndex)).map((g) => g.group_properties));
    if (type === 'person') {
      const persons = (await rows(['person'], 1000)).map(
        (r) => (r[0] as { properties?: unknown })?.properties,
      );
      return keysByFrequency(persons);
    }
    return keysByFrequency((await rows(['properties'], 1000)).map((r) => r[0]));
  });
}

const text = (v: unknown) =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);

export function propertyValues(type: PropertyFilterType, key: string, groupTypeIndex = 0): Promise<string[]> {
  if (!key || type === 'event_metadata') return Promise.resolve([]);
  return cached(`values:${type}:${groupTypeIndex}:${key}`, async () => {
    if (type === 'group') {
      const values = (await groups(groupTypeIndex)).map((g) => text(g.group_properties[key]));
      return [...new Set(values.filter(Boolean))];
    }
    const column = type === 'person' ? `person.properties.${key}` : `properties.${key}`;
    return (await rows([column, 'count()'], 50)).map((r) => text(r[0])).filter(Boolean);
  });
}
