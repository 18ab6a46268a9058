import { PROJECT } from '../api/endpoints.ts';
import { get } from '../api/http.ts';
import type { Group, PropertyFilterType } from '../api/query-types.ts';
import { visibleEventNames, visiblePropertyNames } from '../data-management/definitions-api.ts';
import { runQuery } from './insights-api.ts';

// Event and property names come from the definitions API (every name ever seen, hidden ones left out); values
// still come from recent data through EventsQuery. Both are cached per page load, not fetched per keystroke.
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

const groups = (index: number) =>
  get<{ results: Group[] }>(`${PROJECT}/groups/?group_type_index=${index}&limit=200`).then((r) => r.results);

export function eventNames(): Promise<string[]> {
  return cached('events', visibleEventNames);
}

export function propertyNames(type: PropertyFilterType, groupTypeIndex = 0): Promise<string[]> {
  if (type === 'event_metadata') return Promise.resolve(['event', 'distinct_id', 'timestamp']);
  return cached(`names:${type}:${groupTypeIndex}`, () => visiblePropertyNames(type, groupTypeIndex));
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
