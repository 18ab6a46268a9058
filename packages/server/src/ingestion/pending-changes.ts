import type { StoredEvent } from '../events/event.ts';
import { type Group, type GroupType, MAX_GROUP_TYPES } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';
import { getOrCreate } from '../util/get-or-create.ts';
import { distinctKey, groupKey, type IngestionState } from './ingestion-state.ts';
import type { WriteBases, WriteSet } from './write-set.ts';

/**
 * A copy-on-write view over IngestionState for one group commit. Processors read and write through it; the
 * changes reach the shared state only after the database committed them (`applyTo`). A view may sit on top of
 * the previous commit's view (`parent`) while that one is still being written, so the next batch can be
 * processed in the meantime; it then sees the parent's changes before the committed state.
 */
export class PendingChanges {
  private readonly personIds = new Map<string, string | null>();
  private readonly persons = new Map<string, { person: Person; deleted: boolean }>();
  private readonly mappings = new Map<
    string,
    { projectId: number; distinctId: string; personId: string; version: number }
  >();
  private readonly groups = new Map<string, Group>();
  private readonly newGroupTypes: GroupType[] = [];
  private readonly bases: WriteBases = { persons: new Map(), distinctIds: new Map(), groups: new Map() };
  private distinctIdVersion: number;
  readonly events: StoredEvent[] = [];

  constructor(
    private readonly state: IngestionState,
    private readonly parent?: PendingChanges,
  ) {
    this.distinctIdVersion = parent?.distinctIdVersion ?? state.distinctIdVersion;
  }

  personFor(projectId: number, distinctId: string): Person | undefined {
    const id = this.personIdOf(distinctKey(projectId, distinctId));
    return id ? this.person(id) : undefined;
  }

  private personIdOf(key: string): string | null | undefined {
    if (this.personIds.has(key)) return this.personIds.get(key);
    return this.parent ? this.parent.personIdOf(key) : this.state.personIdByDistinctId.get(key);
  }

  person(id: string): Person | undefined {
    const pending = this.persons.get(id);
    if (pending) return pending.deleted ? undefined : pending.person;
    return this.parent ? this.parent.person(id) : this.state.personsById.get(id);
  }

  savePerson(person: Person): void {
    this.rememberPersonBase(person.id);
    this.persons.set(person.id, { person, deleted: false });
  }

  deletePerson(person: Person): void {
    this.rememberPersonBase(person.id);
    this.persons.set(person.id, { person, deleted: true });
  }

  /** The row as it was before this view first changed it (a deleted one included): what a shared store checks. */
  private rememberPersonBase(id: string): void {
    if (this.persons.has(id) || this.bases.persons.has(id)) return;
    this.bases.persons.set(
      id,
      this.parent ? this.parent.rowVersion(id) : (this.state.personsById.get(id)?.version ?? null),
    );
  }

  private rowVersion(id: string): number | null {
    const pending = this.persons.get(id);
    if (pending) return pending.person.version;
    return this.parent ? this.parent.rowVersion(id) : (this.state.personsById.get(id)?.version ?? null);
  }

  mapDistinctId(projectId: number, distinctId: string, personId: string): void {
    const key = distinctKey(projectId, distinctId);
    if (!this.personIds.has(key) && !this.bases.distinctIds.has(key))
      this.bases.distinctIds.set(key, this.personIdOf(key) ?? null);
    this.personIds.set(key, personId);
    this.distinctIdVersion += 1;
    this.mappings.set(key, { projectId, distinctId, personId, version: this.distinctIdVersion });
  }

  groupTypeIndex(projectId: number, groupType: string): number | undefined {
    const known = this.parent
      ? this.parent.groupTypeIndex(projectId, groupType)
      : this.state.groupTypes.get(projectId)?.get(groupType);
    if (known !== undefined) return known;
    return this.newGroupTypes.find((t) => t.projectId === projectId && t.groupType === groupType)
      ?.groupTypeIndex;
  }

  private groupTypeCount(projectId: number): number {
    const own = this.newGroupTypes.filter((t) => t.projectId === projectId).length;
    const below = this.parent
      ? this.parent.groupTypeCount(projectId)
      : (this.state.groupTypes.get(projectId)?.size ?? 0);
    return own + below;
  }

  /** Gives a type the next free index; undefined once the project has all five (PostHog ignores the rest). */
  ensureGroupType(projectId: number, groupType: string, now: Date): number | undefined {
    const existing = this.groupTypeIndex(projectId, groupType);
    if (existing !== undefined) return existing;
    const used = this.groupTypeCount(projectId);
    if (used >= MAX_GROUP_TYPES) return undefined;
    this.newGroupTypes.push({ projectId, groupType, groupTypeIndex: used, createdAt: now });
    return used;
  }

  group(projectId: number, index: number, key: string): Group | undefined {
    const k = groupKey(projectId, index, key);
    const own = this.groups.get(k);
    if (own) return own;
    return this.parent ? this.parent.group(projectId, index, key) : (this.state.groups.get(k) ?? undefined);
  }

  saveGroup(group: Group): void {
    const k = groupKey(group.projectId, group.groupTypeIndex, group.groupKey);
    if (!this.groups.has(k) && !this.bases.groups.has(k))
      this.bases.groups.set(
        k,
        this.group(group.projectId, group.groupTypeIndex, group.groupKey)?.version ?? null,
      );
    this.groups.set(k, group);
  }

  toWriteSet(): WriteSet {
    return {
      events: this.events,
      persons: [...this.persons.values()],
      distinctIds: [...this.mappings.values()],
      groups: [...this.groups.values()],
      groupTypes: this.newGroupTypes,
      bases: this.bases,
    };
  }

  applyTo(state: IngestionState): void {
    for (const [key, id] of this.personIds) state.personIdByDistinctId.set(key, id);
    for (const { person, deleted } of this.persons.values()) {
      if (deleted) state.personsById.delete(person.id);
      else state.personsById.set(person.id, person);
    }
    for (const [key, group] of this.groups) state.groups.set(key, group);
    for (const t of this.newGroupTypes) {
      getOrCreate(state.groupTypes, t.projectId, () => new Map()).set(t.groupType, t.groupTypeIndex);
    }
    state.distinctIdVersion = this.distinctIdVersion;
  }
}
