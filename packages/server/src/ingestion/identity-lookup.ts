import type { Group } from '../groups/group.ts';
import type { GroupStore } from '../groups/group-store.ts';
import type { Person } from '../persons/person.ts';
import type { PersonStore } from '../persons/person-store.ts';
import type { Logger } from '../util/logger.ts';
import { distinctKey, groupKey, type IngestionState } from './ingestion-state.ts';
import { KnownKeys } from './known-keys.ts';
import { MissBatcher } from './miss-batcher.ts';
import type { IngestionStore, WriteSet } from './write-set.ts';

export interface IdentityLookupDeps {
  state: IngestionState;
  ingestionStore: IngestionStore;
  personStore: PersonStore;
  groupStore: GroupStore;
  logger: Logger;
}

interface GroupRef {
  groupTypeIndex: number;
  groupKey: string;
}

const groupText = (index: number, key: string) => `${index}\u0000${key}`;

/**
 * Committed persons and groups for readers outside the writer (flag evaluation). Memory first; an identity
 * never committed is answered from the known-key sets without a query (every new anonymous visitor); the
 * rest (known but not loaded since the start) is read in batches. Loads only fill gaps in the writer's state,
 * so a slow read cannot overwrite a newer commit.
 */
export class IdentityLookup {
  private readonly knownIds = new KnownKeys();
  private readonly knownGroups = new KnownKeys();
  /** Until the sets are loaded, "not in the set" proves nothing and every miss is read from storage. */
  private loaded = false;
  private readonly persons: MissBatcher<string>;
  private readonly groups: MissBatcher<GroupRef>;

  constructor(private readonly deps: IdentityLookupDeps) {
    this.persons = new MissBatcher(async (projectId, ids) => {
      const found = await deps.personStore.findPersonsByDistinctIds(projectId, ids);
      deps.state.rememberPersonsIfAbsent(projectId, ids, found);
    });
    this.groups = new MissBatcher(async (projectId, refs) => {
      const found = await deps.groupStore.findGroups(projectId, refs);
      const { groups } = deps.state;
      for (const g of found) {
        const k = groupKey(projectId, g.groupTypeIndex, g.groupKey);
        if (!groups.has(k)) groups.set(k, g);
      }
      for (const r of refs) {
        const k = groupKey(projectId, r.groupTypeIndex, r.groupKey);
        if (!groups.has(k)) groups.set(k, null);
      }
    });
  }

  /**
   * Rebuilds the known-key sets in the background. Commits landing meanwhile are added by `committed`, and the
   * scan sees every commit that finished before it started, so the union is complete when it ends.
   */
  load(): Promise<void> {
    const started = Date.now();
    return this.deps.ingestionStore
      .scanIdentities({
        distinctId: (projectId, id) => this.knownIds.add(projectId, id),
        group: (projectId, index, key) => this.knownGroups.add(projectId, groupText(index, key)),
      })
      .then(
        () => {
          this.loaded = true;
          this.deps.logger.info('known identities loaded', {
            distinctIds: this.knownIds.size,
            groups: this.knownGroups.size,
            bytes: this.knownIds.byteLength + this.knownGroups.byteLength,
            ms: Date.now() - started,
          });
        },
        (error: unknown) => {
          this.deps.logger.error('known identities could not be loaded; misses go to storage', {
            error: String(error),
          });
        },
      );
  }

  /** Called by the writer once a commit is durable, before its requests are answered. */
  committed(ws: WriteSet): void {
    for (const d of ws.distinctIds) this.knownIds.add(d.projectId, d.distinctId);
    for (const g of ws.groups) this.knownGroups.add(g.projectId, groupText(g.groupTypeIndex, g.groupKey));
  }

  /** Marks identities another node has stored: they are no longer certainly absent. */
  stored(
    distinctIds: { projectId: number; distinctId: string }[],
    groups: { projectId: number; groupTypeIndex: number; groupKey: string }[],
  ): void {
    for (const d of distinctIds) this.knownIds.add(d.projectId, d.distinctId);
    for (const g of groups) this.knownGroups.add(g.projectId, groupText(g.groupTypeIndex, g.groupKey));
  }

  /** False when the distinct id certainly has no committed mapping. */
  mayHavePerson(projectId: number, distinctId: string): boolean {
    return !this.loaded || this.knownIds.mayContain(projectId, distinctId);
  }

  /** False when the group certainly was never stored. */
  mayHaveGroup(projectId: number, index: number, key: string): boolean {
    return !this.loaded || this.knownGroups.mayContain(projectId, groupText(index, key));
  }

  async person(projectId: number, distinctId: string): Promise<Person | undefined> {
    const { state } = this.deps;
    const key = distinctKey(projectId, distinctId);
    if (!state.personIdByDistinctId.has(key)) {
      if (!this.mayHavePerson(projectId, distinctId)) return undefined;
      await this.persons.load(projectId, distinctId, distinctId);
    }
    const id = state.personIdByDistinctId.get(key);
    return id ? state.personsById.get(id) : undefined;
  }

  async group(projectId: number, index: number, key: string): Promise<Group | undefined> {
    const { groups } = this.deps.state;
    const k = groupKey(projectId, index, key);
    if (!groups.has(k)) {
      if (!this.mayHaveGroup(projectId, index, key)) return undefined;
      await this.groups.load(projectId, k, { groupTypeIndex: index, groupKey: key });
    }
    return groups.get(k) ?? undefined;
  }
}
