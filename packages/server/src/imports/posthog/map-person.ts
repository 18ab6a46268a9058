import type { ImportedEvent, ImportRecord } from '../import-record.ts';
import { isObject, type JsonObject, stringOf } from './posthog-json.ts';

/** A person from `GET /persons/`, with every distinct id it was merged from. Null when it has none to send. */
export function mapPerson(person: JsonObject): Extract<ImportRecord, { kind: 'person' }> | null {
  const distinctIds = Array.isArray(person.distinct_ids)
    ? person.distinct_ids
        .map((id) => (typeof id === 'number' ? String(id) : id))
        .filter((id) => typeof id === 'string')
    : [];
  if (distinctIds.length === 0) return null;
  return {
    kind: 'person',
    distinctIds,
    properties: isObject(person.properties) ? person.properties : {},
    createdAt: stringOf(person.created_at) ?? new Date(0).toISOString(),
  };
}

/** One row of the events HogQL query, in the column order it selects (see posthog-events.ts). */
export function mapEventRow(row: unknown): ImportedEvent | null {
  if (!Array.isArray(row)) return null;
  const [uuid, event, distinctId, properties, timestamp] = row as unknown[];
  if (typeof uuid !== 'string' || typeof event !== 'string' || typeof timestamp !== 'string') return null;
  return {
    uuid,
    event,
    distinct_id: typeof distinctId === 'string' ? distinctId : String(distinctId ?? ''),
    properties: parseProperties(properties),
    timestamp,
  };
}

// HogQL returns the properties column as a JSON string.
function parseProperties(value: unknown): Record<string, unknown> {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
