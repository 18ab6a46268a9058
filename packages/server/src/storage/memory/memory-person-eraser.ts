import { anonymiseProperties } from '../../erasure/anonymise-properties.ts';
import type { ErasureCounts, ErasurePlan } from '../../erasure/erasure.ts';
import type { StoredEvent } from '../../events/event.ts';
import type { Person } from '../../persons/person.ts';

/** The fake's rows, handed over by MemoryStorage (which keeps them private to everything else). */
export interface MemoryRows {
  events: StoredEvent[];
  persons: Map<string, { person: Person; deleted: boolean }>;
  /** `${projectId}:${distinctId}` → mapping. */
  mapping: Map<string, { personId: string; version: number }>;
}

/** The in-memory fake of PersonEraser, with the adapters' table names in its counts. */
export function eraseFromMemory(rows: MemoryRows, plan: ErasurePlan): ErasureCounts {
  const distinctIds = new Set(plan.distinctIds);
  const personIds = new Set(plan.personIds);
  const ofPerson = (e: StoredEvent) =>
    e.projectId === plan.projectId && (distinctIds.has(e.distinctId) || personIds.has(e.personId));
  const counts: ErasureCounts = { events: 0 };
  if (plan.anonymise) {
    const { anonymise } = plan;
    const rules = {
      identifiers: new Set([...distinctIds, ...personIds]),
      token: anonymise.distinctId,
      personalKeys: new Set(anonymise.personalKeys),
    };
    for (const [i, e] of rows.events.entries()) {
      if (!ofPerson(e)) continue;
      rows.events[i] = {
        ...e,
        distinctId: anonymise.distinctId,
        personId: anonymise.personId,
        properties: anonymiseProperties(e.properties, rules),
      };
      counts.events = (counts.events ?? 0) + 1;
    }
  } else {
    const kept = rows.events.filter((e) => !ofPerson(e));
    counts.events = rows.events.length - kept.length;
    rows.events.splice(0, rows.events.length, ...kept);
  }
  if (plan.mode === 'events_only') return counts;
  counts.persons = 0;
  for (const id of personIds) if (rows.persons.delete(id)) counts.persons += 1;
  counts.person_distinct_ids = 0;
  for (const d of distinctIds)
    if (rows.mapping.delete(`${plan.projectId}:${d}`)) counts.person_distinct_ids += 1;
  return counts;
}
