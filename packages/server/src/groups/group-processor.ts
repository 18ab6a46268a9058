import type { GroupColumns, IncomingEvent, Properties } from '../events/event.ts';
import type { PendingChanges } from '../ingestion/pending-changes.ts';
import { ownValue } from '../util/own-keys.ts';

function keyString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asObject(value: unknown): Properties | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Properties)
    : undefined;
}

/**
 * Maps `$groups` to the per-index group columns, registering new group types (at most five per project), and
 * applies `$groupidentify` with PostHog's set semantics (compat notes §5.2). Adds `$group_N` to the event.
 */
export function processGroups(
  changes: PendingChanges,
  projectId: number,
  event: IncomingEvent,
  now: Date,
): GroupColumns {
  const columns: GroupColumns = ['', '', '', '', ''];
  const assign = (type: string, key: string): number | undefined => {
    const index = changes.ensureGroupType(projectId, type, now);
    if (index === undefined) return undefined;
    columns[index] = key;
    event.properties[`$group_${index}`] = key;
    return index;
  };
  for (const [type, rawKey] of Object.entries(asObject(event.properties.$groups) ?? {})) {
    const key = keyString(rawKey);
    if (key !== undefined) assign(type, key);
  }
  if (event.event === '$groupidentify') {
    const type = keyString(event.properties.$group_type);
    const key = keyString(event.properties.$group_key);
    if (type === undefined || key === undefined) return columns;
    const index = assign(type, key);
    if (index === undefined) return columns;
    upsertGroup(changes, projectId, index, key, asObject(event.properties.$group_set) ?? {}, event.timestamp);
  }
  return columns;
}

function upsertGroup(
  changes: PendingChanges,
  projectId: number,
  index: number,
  key: string,
  set: Properties,
  timestamp: Date,
): void {
  const existing = changes.group(projectId, index, key);
  if (!existing) {
    changes.saveGroup({
      projectId,
      groupTypeIndex: index,
      groupKey: key,
      properties: { ...set },
      createdAt: timestamp,
      version: 0,
    });
    return;
  }
  const changed = Object.entries(set).filter(
    ([k, v]) => JSON.stringify(ownValue(existing.properties, k)) !== JSON.stringify(v),
  );
  if (changed.length === 0) return;
  changes.saveGroup({
    ...existing,
    properties: { ...existing.properties, ...Object.fromEntries(changed) },
    version: existing.version + 1,
  });
}
