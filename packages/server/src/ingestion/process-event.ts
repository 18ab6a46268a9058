import type { IncomingEvent, StoredEvent } from '../events/event.ts';
import { processGroups } from '../groups/group-processor.ts';
import { addInitialProperties } from '../persons/initial-properties.ts';
import { type IngestionWarning, personIdFor, processPerson } from '../persons/person-processor.ts';
import type { PendingChanges } from './pending-changes.ts';

const PERSON_KEYS = ['$set', '$set_once', '$unset'] as const;

/** Personless events and `$groupidentify` never touch persons (compat notes §5.1). */
export function processesPerson(event: IncomingEvent): boolean {
  return event.properties.$process_person_profile !== false && event.event !== '$groupidentify';
}

/** Turns one normalised event into the row to store, updating persons and groups on the way. */
export function processEvent(
  changes: PendingChanges,
  projectId: number,
  event: IncomingEvent,
  now: Date,
  warnings: IngestionWarning[],
): StoredEvent {
  const groups = processGroups(changes, projectId, event, now);
  let personId: string;
  if (processesPerson(event)) {
    addInitialProperties(event.event, event.properties);
    personId = processPerson(changes, projectId, event, now, warnings);
  } else {
    for (const key of PERSON_KEYS) delete event.properties[key];
    personId = changes.personFor(projectId, event.distinctId)?.id ?? personIdFor(projectId, event.distinctId);
  }
  return {
    uuid: event.uuid,
    projectId,
    event: event.event,
    distinctId: event.distinctId,
    personId,
    timestamp: event.timestamp,
    createdAt: now,
    properties: event.properties,
    groups,
  };
}

/** The ids whose persons processing may read, so they can be loaded in bulk before a commit. */
export function identitiesOf(event: IncomingEvent): string[] {
  const ids = [event.distinctId];
  const p = event.properties;
  for (const extra of [p.$anon_distinct_id, p.alias]) {
    if (extra === undefined || extra === null || extra === '') continue;
    ids.push(typeof extra === 'string' ? extra : JSON.stringify(extra));
  }
  return ids;
}
