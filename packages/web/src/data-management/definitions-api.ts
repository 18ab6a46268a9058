import { PROJECT } from '../api/endpoints.ts';
import { get, patch } from '../api/http.ts';

export const EVENT_DEFINITIONS = `${PROJECT}/event_definitions/`;
export const PROPERTY_DEFINITIONS = `${PROJECT}/property_definitions/`;

interface Marks {
  id: string;
  name: string;
  description: string;
  verified: boolean;
  hidden: boolean;
}

export interface EventDefinition extends Marks {
  volume: number;
  created_at: string;
  last_seen_at: string;
}

export interface PropertyDefinition extends Marks {
  /** 1 event, 2 person, 3 group. */
  type: number;
  group_type_index: number | null;
  property_type: string | null;
}

export interface DefinitionPage<T> {
  count: number;
  results: T[];
}

export type PropertyKind = 'event' | 'person' | 'group';

export const listEventDefinitions = (params: string) =>
  get<DefinitionPage<EventDefinition>>(`${EVENT_DEFINITIONS}?${params}`);

export const listPropertyDefinitions = (params: string) =>
  get<DefinitionPage<PropertyDefinition>>(`${PROPERTY_DEFINITIONS}?${params}`);

export const markDefinition = (
  list: typeof EVENT_DEFINITIONS | typeof PROPERTY_DEFINITIONS,
  id: string,
  marks: Partial<Pick<Marks, 'description' | 'verified' | 'hidden'>>,
) => patch<Marks>(`${list}${id}/`, marks);

/** Names for pickers: everything seen, hidden ones left out (they were hidden so nobody picks them). */
export async function visibleEventNames(): Promise<string[]> {
  const page = await listEventDefinitions('exclude_hidden=true&limit=1000');
  return page.results.map((d) => d.name);
}

export async function visiblePropertyNames(kind: PropertyKind, groupTypeIndex = 0): Promise<string[]> {
  const group = kind === 'group' ? `&group_type_index=${groupTypeIndex}` : '';
  const page = await listPropertyDefinitions(`type=${kind}${group}&exclude_hidden=true&limit=1000`);
  return page.results.map((d) => d.name);
}
