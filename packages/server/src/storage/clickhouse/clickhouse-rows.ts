import type { StoredEvent } from '../../events/event.ts';
import type { Group } from '../../groups/group.ts';
import type { Person } from '../../persons/person.ts';

/** A UTC instant as ClickHouse reads DateTime64 text: `YYYY-MM-DD HH:MM:SS.mmm` (no zone letter). */
export const clickHouseTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

export interface DistinctIdVersion {
  projectId: number;
  distinctId: string;
  personId: string;
  version: number;
}

/** An event's person merged into another one: events written with `oldPersonId` now count as `personId`. */
export interface PersonOverride {
  projectId: number;
  oldPersonId: string;
  personId: string;
  version: number;
}

export interface CohortMember {
  projectId: number;
  cohortId: number;
  distinctId: string;
}

export const eventRow = (e: StoredEvent) => ({
  project_id: e.projectId,
  uuid: e.uuid,
  event: e.event,
  distinct_id: e.distinctId,
  person_id: e.personId,
  timestamp: clickHouseTime(e.timestamp),
  created_at: clickHouseTime(e.createdAt),
  properties: JSON.stringify(e.properties),
  group_0: e.groups[0],
  group_1: e.groups[1],
  group_2: e.groups[2],
  group_3: e.groups[3],
  group_4: e.groups[4],
});

export const personRow = ({ person, deleted }: { person: Person; deleted: boolean }) => ({
  project_id: person.projectId,
  id: person.id,
  created_at: clickHouseTime(person.createdAt),
  properties: JSON.stringify(person.properties),
  is_identified: person.isIdentified,
  is_deleted: deleted,
  version: person.version,
});

export const distinctIdRow = (d: DistinctIdVersion) => ({
  project_id: d.projectId,
  distinct_id: d.distinctId,
  person_id: d.personId,
  version: d.version,
});

export const overrideRow = (o: PersonOverride) => ({
  project_id: o.projectId,
  old_person_id: o.oldPersonId,
  person_id: o.personId,
  version: o.version,
});

export const groupRow = (g: Group) => ({
  project_id: g.projectId,
  group_type_index: g.groupTypeIndex,
  group_key: g.groupKey,
  properties: JSON.stringify(g.properties),
  created_at: clickHouseTime(g.createdAt),
  version: g.version,
});

export const cohortMemberRow = (m: CohortMember) => ({
  project_id: m.projectId,
  cohort_id: m.cohortId,
  distinct_id: m.distinctId,
});
