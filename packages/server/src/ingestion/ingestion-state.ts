import type { Group } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';

export const distinctKey = (projectId: number, distinctId: string): string =>
  `${projectId}\u0000${distinctId}`;
export const groupKey = (projectId: number, index: number, key: string): string =>
  `${projectId}\u0000${index}\u0000${key}`;

/**
 * What the single writer knows is committed: identities, persons, groups and group types. Processing reads
 * it instead of the database so the hot path is memory-only; misses are loaded in bulk before each commit.
 * Objects in here are never mutated, only replaced, so a failed commit can simply be discarded.
 */
export class IngestionState {
  /** distinct id → person id, or null when known to have no person. */
  readonly personIdByDistinctId = new Map<string, string | null>();
  readonly personsById = new Map<string, Person>();
  readonly groups = new Map<string, Group | null>();
  /** project → group type → index. */
  readonly groupTypes = new Map<number, Map<string, number>>();
  distinctIdVersion = 0;

  hasDistinctId(projectId: number, distinctId: string): boolean {
    return this.personIdByDistinctId.has(distinctKey(projectId, distinctId));
  }

  /**
   * Like rememberPersons, for readers outside the writer: only fills identities the writer does not know yet,
   * and skips a person any of whose ids it knows (the writer's view is newer than any read).
   */
  rememberPersonsIfAbsent(projectId: number, requested: string[], persons: Person[]): void {
    const known = (id: string) => this.personIdByDistinctId.has(distinctKey(projectId, id));
    for (const id of requested) {
      if (known(id)) continue;
      const owner = persons.find((p) => p.distinctIds.includes(id));
      if (!owner) {
        this.personIdByDistinctId.set(distinctKey(projectId, id), null);
      } else if (!this.personsById.has(owner.id) && !owner.distinctIds.some(known)) {
        this.rememberPersons(projectId, [], [owner]);
      }
    }
  }

  rememberPersons(projectId: number, requested: string[], persons: Person[]): void {
    for (const person of persons) {
      this.personsById.set(person.id, person);
      for (const id of person.distinctIds)
        this.personIdByDistinctId.set(distinctKey(projectId, id), person.id);
    }
    for (const id of requested) {
      const key = distinctKey(projectId, id);
      if (!this.personIdByDistinctId.has(key)) this.personIdByDistinctId.set(key, null);
    }
  }
}
