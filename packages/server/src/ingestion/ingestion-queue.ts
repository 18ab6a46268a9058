import { AppError } from '../errors/app-error.ts';
import type { IncomingEvent } from '../events/event.ts';
import type { Group } from '../groups/group.ts';
import type { GroupStore } from '../groups/group-store.ts';
import type { Person } from '../persons/person.ts';
import type { IngestionWarning } from '../persons/person-processor.ts';
import type { PersonStore } from '../persons/person-store.ts';
import { getOrCreate } from '../util/get-or-create.ts';
import type { Logger } from '../util/logger.ts';
import { distinctKey, groupKey, IngestionState } from './ingestion-state.ts';
import { PendingChanges } from './pending-changes.ts';
import { identitiesOf, processEvent } from './process-event.ts';
import { RecentUuids } from './recent-uuids.ts';
import type { IngestionStore } from './write-set.ts';

export interface SubmitResult {
  stored: number;
  duplicates: number;
  warnings: IngestionWarning[];
}

interface Submission {
  projectId: number;
  events: IncomingEvent[];
  resolve: (result: SubmitResult) => void;
  reject: (error: unknown) => void;
}

export interface IngestionQueueDeps {
  ingestionStore: IngestionStore;
  personStore: PersonStore;
  groupStore: GroupStore;
  logger: Logger;
  dedupWindow: number;
  maxCommitEvents: number;
  now?: () => Date;
}

/**
 * The single writer. Requests wait here until their events are committed (a 200 means durable); while one
 * transaction is in flight the next requests gather, so under load many requests share one commit.
 * Processing is serial, which is what keeps person merges consistent without locks.
 */
export class IngestionQueue {
  private readonly state = new IngestionState();
  private readonly recent: RecentUuids;
  private pending: Submission[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => Date;

  constructor(private readonly deps: IngestionQueueDeps) {
    this.recent = new RecentUuids(deps.dedupWindow);
    this.now = deps.now ?? (() => new Date());
  }

  /** Loads what must survive a restart: group types, the distinct-id version and recent uuids. */
  async start(recentUuids: string[]): Promise<void> {
    for (const t of await this.deps.groupStore.listGroupTypes()) {
      getOrCreate(this.state.groupTypes, t.projectId, () => new Map()).set(t.groupType, t.groupTypeIndex);
    }
    this.state.distinctIdVersion = await this.deps.ingestionStore.maxDistinctIdVersion();
    for (let i = recentUuids.length - 1; i >= 0; i--) this.recent.add(recentUuids[i] as string);
  }

  /** Group type name → index, as committed so far. */
  groupTypes(projectId: number): ReadonlyMap<string, number> {
    return this.state.groupTypes.get(projectId) ?? new Map();
  }

  /**
   * The committed person of a distinct id, for flag evaluation: from memory, else loaded and remembered.
   * Loading only fills gaps, never replaces, so a slow read cannot overwrite a newer commit.
   */
  async lookupPerson(projectId: number, distinctId: string): Promise<Person | undefined> {
    const key = distinctKey(projectId, distinctId);
    if (!this.state.personIdByDistinctId.has(key)) {
      const persons = await this.deps.personStore.findPersonsByDistinctIds(projectId, [distinctId]);
      this.state.rememberPersonsIfAbsent(projectId, [distinctId], persons);
    }
    const id = this.state.personIdByDistinctId.get(key);
    return id ? this.state.personsById.get(id) : undefined;
  }

  async lookupGroup(projectId: number, groupType: string, key: string): Promise<Group | undefined> {
    const index = this.groupTypes(projectId).get(groupType);
    if (index === undefined) return undefined;
    const k = groupKey(projectId, index, key);
    if (!this.state.groups.has(k)) {
      const [found] = await this.deps.groupStore.findGroups(projectId, [
        { groupTypeIndex: index, groupKey: key },
      ]);
      if (!this.state.groups.has(k)) this.state.groups.set(k, found ?? null);
    }
    return this.state.groups.get(k) ?? undefined;
  }

  submit(projectId: number, events: IncomingEvent[]): Promise<SubmitResult> {
    if (this.closed)
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The server is shutting down; retry shortly.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ projectId, events, resolve, reject });
      this.running ??= this.drain().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Refuses new work and waits until everything accepted so far is committed. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.commitBatch(batch);
      } catch (error) {
        this.deps.logger.error('commit failed; the events were not acknowledged', { error: String(error) });
        const failure = new AppError(
          'STORAGE_UNAVAILABLE',
          'The events could not be stored; retry the request.',
        );
        for (const s of batch) s.reject(failure);
      }
    }
  }

  private takeBatch(): Submission[] {
    let count = 0;
    let taken = 0;
    while (taken < this.pending.length) {
      const size = this.pending[taken]?.events.length ?? 0;
      if (taken > 0 && count + size > this.deps.maxCommitEvents) break;
      count += size;
      taken += 1;
    }
    return this.pending.splice(0, taken);
  }

  private async commitBatch(batch: Submission[]): Promise<void> {
    await this.prefetch(batch);
    const now = this.now();
    const changes = new PendingChanges(this.state);
    const inBatch = new Set<string>();
    const results: SubmitResult[] = [];
    for (const s of batch) {
      const result: SubmitResult = { stored: 0, duplicates: 0, warnings: [] };
      for (const event of s.events) {
        const key = `${s.projectId}:${event.uuid}`;
        if (this.recent.has(key) || inBatch.has(key)) {
          result.duplicates += 1;
          continue;
        }
        inBatch.add(key);
        changes.events.push(processEvent(changes, s.projectId, event, now, result.warnings));
        result.stored += 1;
      }
      results.push(result);
    }
    await this.deps.ingestionStore.commit(changes.toWriteSet());
    changes.applyTo(this.state);
    for (const key of inBatch) this.recent.add(key);
    batch.forEach((s, i) => {
      s.resolve(results[i] as SubmitResult);
    });
  }

  /** Loads, in one query per project, the persons and groups this batch may touch that are not cached yet. */
  private async prefetch(batch: Submission[]): Promise<void> {
    const idsByProject = new Map<number, Set<string>>();
    const groupsByProject = new Map<number, Map<string, { groupTypeIndex: number; groupKey: string }>>();
    for (const s of batch) {
      const ids = getOrCreate(idsByProject, s.projectId, () => new Set<string>());
      for (const event of s.events) {
        for (const id of identitiesOf(event)) {
          if (!this.state.personIdByDistinctId.has(distinctKey(s.projectId, id))) ids.add(id);
        }
        if (event.event !== '$groupidentify') continue;
        const index = this.state.groupTypes.get(s.projectId)?.get(String(event.properties.$group_type));
        const key = event.properties.$group_key;
        if (index === undefined || (typeof key !== 'string' && typeof key !== 'number')) continue;
        const k = groupKey(s.projectId, index, String(key));
        if (this.state.groups.has(k)) continue;
        getOrCreate(groupsByProject, s.projectId, () => new Map()).set(k, {
          groupTypeIndex: index,
          groupKey: String(key),
        });
      }
    }
    for (const [projectId, ids] of idsByProject) {
      if (ids.size === 0) continue;
      const requested = [...ids];
      const persons = await this.deps.personStore.findPersonsByDistinctIds(projectId, requested);
      this.state.rememberPersons(projectId, requested, persons);
    }
    for (const [projectId, refs] of groupsByProject) {
      const found = await this.deps.groupStore.findGroups(projectId, [...refs.values()]);
      for (const g of found) this.state.groups.set(groupKey(projectId, g.groupTypeIndex, g.groupKey), g);
      for (const k of refs.keys()) if (!this.state.groups.has(k)) this.state.groups.set(k, null);
    }
  }
}
