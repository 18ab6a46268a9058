import type { Group, GroupType } from '../../groups/group.ts';
import { distinctKey, groupKey } from '../../ingestion/ingestion-state.ts';
import type { WriteBases } from '../../ingestion/write-set.ts';
import type { Person } from '../../persons/person.ts';
import { personIdFor } from '../../persons/person-processor.ts';
import type { IdentityStores } from './identity-engines.test-kit.ts';

/** A person as the person processor makes them: the deterministic id of its first distinct id. */
export const person = (first: string, over: Partial<Person> = {}): Person => ({
  id: personIdFor(1, first),
  projectId: 1,
  createdAt: new Date('2025-01-01T00:00:00.000Z'),
  properties: {},
  isIdentified: false,
  version: 0,
  distinctIds: [],
  ...over,
});

export interface IdentityWrite {
  persons?: { person: Person; deleted?: boolean }[];
  /** distinct id → person, in project 1 unless the person says otherwise. */
  mappings?: { distinctId: string; person: Person }[];
  groups?: Group[];
  groupTypes?: GroupType[];
}

/**
 * Commits identity rows as the ingestion queue would, remembering what it wrote so each commit carries the
 * bases a store shared by several nodes checks (single-writer stores ignore them).
 */
export class IdentityWriter {
  private readonly personVersions = new Map<string, number>();
  private readonly owners = new Map<string, string>();
  private readonly groupVersions = new Map<string, number>();
  private version = 0;

  constructor(private readonly stores: IdentityStores) {}

  async write(w: IdentityWrite): Promise<void> {
    const bases: WriteBases = { persons: new Map(), distinctIds: new Map(), groups: new Map() };
    const persons = (w.persons ?? []).map((p) => ({ person: p.person, deleted: p.deleted ?? false }));
    for (const { person: p } of persons) bases.persons.set(p.id, this.personVersions.get(p.id) ?? null);
    const distinctIds = (w.mappings ?? []).map((m) => ({
      projectId: m.person.projectId,
      distinctId: m.distinctId,
      personId: m.person.id,
      version: ++this.version,
    }));
    for (const d of distinctIds) {
      const key = distinctKey(d.projectId, d.distinctId);
      bases.distinctIds.set(key, this.owners.get(key) ?? null);
    }
    const groups = w.groups ?? [];
    for (const g of groups) {
      const key = groupKey(g.projectId, g.groupTypeIndex, g.groupKey);
      bases.groups.set(key, this.groupVersions.get(key) ?? null);
    }
    await this.stores.commit({
      events: [],
      persons,
      distinctIds,
      groups,
      groupTypes: w.groupTypes ?? [],
      bases,
    });
    for (const { person: p } of persons) this.personVersions.set(p.id, p.version);
    for (const d of distinctIds) this.owners.set(distinctKey(d.projectId, d.distinctId), d.personId);
    for (const g of groups)
      this.groupVersions.set(groupKey(g.projectId, g.groupTypeIndex, g.groupKey), g.version);
  }
}
