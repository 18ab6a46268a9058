import type { IncomingEvent } from '../events/event.ts';
import type { PendingChanges } from '../ingestion/pending-changes.ts';
import { uuidv5 } from '../util/uuid.ts';
import { isIllegalDistinctId } from './illegal-ids.ts';
import type { Person } from './person.ts';
import { applyPersonUpdates, hasUpdates, type PersonUpdates, personUpdatesOf } from './person-updates.ts';

// Fixed namespace so person ids are stable across restarts and re-imports (PostHog derives them the same way).
export const PERSON_NAMESPACE = '932979b4-65c3-4424-8467-0b66ec27bc22';

export const personIdFor = (projectId: number, distinctId: string): string =>
  uuidv5(`${projectId}:${distinctId}`, PERSON_NAMESPACE);

export interface IngestionWarning {
  code: 'cannot_merge_already_identified' | 'cannot_merge_illegal_id';
  uuid: string;
  detail: string;
}

const MERGE_EVENTS = new Set(['$identify', '$create_alias', '$merge_dangerously']);

/** The id whose person gets merged into the event's distinct_id person, for merge events. */
function mergeSource(event: IncomingEvent): string | undefined {
  const p = event.properties;
  const raw = event.event === '$identify' ? p.$anon_distinct_id : p.alias;
  if (raw === undefined || raw === null) return undefined;
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/**
 * Person processing for one event (compat notes §5.1): identify/alias/merge, then `$set_once`/`$set`/`$unset`.
 * Returns the person id to store on the event.
 */
export function processPerson(
  changes: PendingChanges,
  projectId: number,
  event: IncomingEvent,
  now: Date,
  warnings: IngestionWarning[],
): string {
  const updates = personUpdatesOf(event.properties);
  if (MERGE_EVENTS.has(event.event)) {
    const other = mergeSource(event);
    if (other !== undefined) mergeIdentities(changes, projectId, event, other, updates, now, warnings);
  }
  const existing = changes.personFor(projectId, event.distinctId);
  if (!existing) {
    const person: Person = {
      id: personIdFor(projectId, event.distinctId),
      projectId,
      createdAt: event.timestamp < now ? event.timestamp : now,
      properties: applyPersonUpdates({}, updates),
      isIdentified: event.event === '$identify',
      version: 0,
      distinctIds: [event.distinctId],
    };
    changes.savePerson(person);
    changes.mapDistinctId(projectId, event.distinctId, person.id);
    return person.id;
  }
  const properties = hasUpdates(updates)
    ? applyPersonUpdates(existing.properties, updates)
    : existing.properties;
  const identify = event.event === '$identify' && !existing.isIdentified;
  if (properties !== existing.properties || identify) {
    changes.savePerson({
      ...existing,
      properties,
      isIdentified: existing.isIdentified || identify,
      version: existing.version + 1,
    });
  }
  return existing.id;
}

function mergeIdentities(
  changes: PendingChanges,
  projectId: number,
  event: IncomingEvent,
  otherId: string,
  updates: PersonUpdates,
  now: Date,
  warnings: IngestionWarning[],
): void {
  const targetId = event.distinctId;
  if (otherId === targetId) return;
  if (isIllegalDistinctId(otherId) || isIllegalDistinctId(targetId)) {
    warnings.push({
      code: 'cannot_merge_illegal_id',
      uuid: event.uuid,
      detail: `Refused to merge "${otherId}" into "${targetId}": one of them is not a real user id.`,
    });
    return;
  }
  const target = changes.personFor(projectId, targetId);
  const other = changes.personFor(projectId, otherId);
  if (!target && !other) {
    const person: Person = {
      id: personIdFor(projectId, targetId),
      projectId,
      createdAt: event.timestamp < now ? event.timestamp : now,
      properties: applyPersonUpdates({}, updates),
      isIdentified: true,
      version: 0,
      distinctIds: [targetId, otherId],
    };
    changes.savePerson(person);
    changes.mapDistinctId(projectId, targetId, person.id);
    changes.mapDistinctId(projectId, otherId, person.id);
    return;
  }
  if (target && !other) {
    attach(changes, projectId, target, otherId);
    return;
  }
  if (!target && other) {
    attach(changes, projectId, other, targetId);
    return;
  }
  if (!target || !other || target.id === other.id) {
    if (target && !target.isIdentified)
      changes.savePerson({ ...target, isIdentified: true, version: target.version + 1 });
    return;
  }
  if (other.isIdentified && event.event !== '$merge_dangerously') {
    warnings.push({
      code: 'cannot_merge_already_identified',
      uuid: event.uuid,
      detail: `"${otherId}" belongs to an identified person; use $merge_dangerously to merge it into "${targetId}".`,
    });
    return;
  }
  const merged: Person = {
    ...target,
    // The distinct_id person wins on conflicts.
    properties: { ...other.properties, ...target.properties },
    createdAt: new Date(Math.min(other.createdAt.getTime(), target.createdAt.getTime())),
    isIdentified: true,
    version: Math.max(target.version, other.version) + 1,
    distinctIds: [...target.distinctIds, ...other.distinctIds.filter((d) => !target.distinctIds.includes(d))],
  };
  changes.savePerson(merged);
  for (const d of other.distinctIds) changes.mapDistinctId(projectId, d, merged.id);
  changes.deletePerson({ ...other, version: other.version + 1 });
}

function attach(changes: PendingChanges, projectId: number, person: Person, distinctId: string): void {
  changes.savePerson({
    ...person,
    isIdentified: true,
    version: person.version + 1,
    distinctIds: [...person.distinctIds, distinctId],
  });
  changes.mapDistinctId(projectId, distinctId, person.id);
}
