import type { Group } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';

/** Committed persons and groups as flag evaluation reads them (the ingestion writer's view). */
export interface IdentitySource {
  groupTypes(projectId: number): ReadonlyMap<string, number>;
  lookupPerson(projectId: number, distinctId: string): Promise<Person | undefined>;
  lookupGroup(projectId: number, groupType: string, key: string): Promise<Group | undefined>;
}
