import { AppError } from '../errors/app-error.ts';
import type { IncomingEvent } from '../events/event.ts';
import type { Group } from '../groups/group.ts';
import type { GroupStore } from '../groups/group-store.ts';
import type { Person } from '../persons/person.ts';
import type { IngestionWarning } from '../persons/person-processor.ts';
import type { PersonStore } from '../persons/person-store.ts';
import { getOrCreate } from '../util/get-or-create.ts';
import type { Logger } from '../util/logger.ts';
import type { DedupSnapshotPlace } from './dedup-snapshot.ts';
import { DedupWindow, type RecentUuidSource } from './dedup-window.ts';
import { IdentityConflictError } from './identity-conflict.ts';
import { IdentityLookup } from './identity-lookup.ts';
import { distinctKey, groupKey, IngestionState } from './ingestion-state.ts';
import { PendingChanges } from './pending-changes.ts';
import { identitiesOf, processEvent } from './process-event.ts';
import type { IngestionStore, WriteSet } from './write-set.ts';

export interface SubmitResult {
  stored: number;
  duplicates: number;
  warnings: IngestionWarning[];
  /** Indexes (into the submitted events) of events the storage refused; each was dropped alone. */
  failed: number[];
}

interface Prepared {
  changes: PendingChanges;
  uuids: Set<string>;
  results: SubmitResult[];
}

interface InFlight {
  prepared: Prepared;
  /** Settles with whether the commit succeeded; never rejects. */
  done: Promise<boolean>;
}

interface Submission {
  projectId: number;
  events: IncomingEvent[];
  resolve: (result: SubmitResult) => void;
  reject: (error: unknown) => void;
  /** Set once a shared commit holding it failed for a data error: it is then committed on its own. */
  isolate?: boolean;
  /** How many commits holding it met rows changed by another node (see IdentityConflictError). */
  conflicts?: number;
  /** Person processing only, no event row (persons imported whole: see imports/person-import-service.ts). */
  personsOnly?: boolean;
}

/** Past this many conflicts in a row a request is answered 503 (its SDK retries later) rather than spinning. */
const MAX_CONFLICTS = 8;

const YIELD_EVERY = 2000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface IngestionQueueDeps {
  ingestionStore: IngestionStore;
  personStore: PersonStore;
  groupStore: GroupStore;
  logger: Logger;
  dedupWindow: number;
  maxCommitEvents: number;
  now?: () => Date;
  /** Told which projects got new data once a commit is durable (insight caches listen). */
  onCommit?: (projectIds: Set<number>) => void;
}

/**
 * The single writer. Requests wait here until their events are committed (a 200 means durable); while one
 * transaction is in flight the next requests gather, so under load many requests share one commit.
 * Processing is serial, which is what keeps person merges consistent without locks.
 */
export class IngestionQueue {
  private readonly state = new IngestionState();
  private readonly recent: DedupWindow;
  private pending: Submission[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private lastSubmitAt = Date.now();
  private readonly now: () => Date;
  private readonly identities: IdentityLookup;
  private identitiesLoading: Promise<void> = Promise.resolve();
  /** Where the window is saved at close and restored at start (embedded storage only). */
  private snapshotPlace: DedupSnapshotPlace | undefined;
  /** The saved window being read back; no commit starts before it settles. */
  private restoring: Promise<void> = Promise.resolve();
  private restorePending = false;
  /** Exclusive sections waiting or running; while above 0 no new batch is taken. */
  private held = 0;
  private exclusiveTail: Promise<void> = Promise.resolve();
  /** Set after a conflict on group types: the next batch waits for the reload. */
  private groupTypesReloading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IngestionQueueDeps) {
    this.recent = new DedupWindow(deps.dedupWindow, deps.logger);
    this.identities = new IdentityLookup({ ...deps, state: this.state });
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Loads what must survive a restart: group types and the distinct-id version. The set of known identities
   * and the de-duplication window load in the background, so the start costs the same on any data size:
   * lookups read storage until the sets are complete (see `identitiesLoaded`), and until the window is loaded
   * each batch asks storage which of its uuids are already stored (see DedupWindow, `dedupLoaded`). Recent
   * uuids given as a list (newest first) are taken whole instead. `warmUpAfter` holds both loads back (the
   * server lets its own start finish first: on two cores a scan of millions of rows slows every other read).
   */
  async start(
    recentUuids: string[] | RecentUuidSource,
    options: { warmUpAfter?: Promise<void> } = {},
  ): Promise<void> {
    if (Array.isArray(recentUuids)) this.recent.fill(recentUuids);
    else {
      const place = recentUuids.dedupSnapshot;
      this.snapshotPlace = place;
      // Off the start path (~0.2 s for a million uuids): commits wait for it in startDrain, requests do not.
      this.restorePending = place !== undefined;
      this.restoring = (place ? this.recent.restore(place).catch(() => false) : Promise.resolve(false)).then(
        (restored) => {
          this.restorePending = false;
          if (!restored) this.recent.warmUp(recentUuids, options.warmUpAfter);
        },
      );
    }
    this.identitiesLoading = options.warmUpAfter
      ? options.warmUpAfter.then(() => this.identities.load())
      : this.identities.load();
    for (const t of await this.deps.groupStore.listGroupTypes()) {
      getOrCreate(this.state.groupTypes, t.projectId, () => new Map()).set(t.groupType, t.groupTypeIndex);
    }
    this.state.distinctIdVersion = await this.deps.ingestionStore.maxDistinctIdVersion();
  }

  /** Settles once the de-duplication window is loaded from storage (memory alone decides from then on). */
  dedupLoaded(): Promise<void> {
    return this.restoring.then(() => this.recent.loaded());
  }

  /** Settles once the known-identity sets are complete (or failed to load, which only costs speed). */
  identitiesLoaded(): Promise<void> {
    return this.identitiesLoading;
  }

  /** Group type name → index, as committed so far. */
  groupTypes(projectId: number): ReadonlyMap<string, number> {
    return this.state.groupTypes.get(projectId) ?? new Map();
  }

  /** The committed person of a distinct id, for flag evaluation. */
  lookupPerson(projectId: number, distinctId: string): Promise<Person | undefined> {
    return this.identities.person(projectId, distinctId);
  }

  lookupGroup(projectId: number, groupType: string, key: string): Promise<Group | undefined> {
    const index = this.groupTypes(projectId).get(groupType);
    return index === undefined ? Promise.resolve(undefined) : this.identities.group(projectId, index, key);
  }

  /** Milliseconds since the last submission, or 0 while work is in progress. */
  idleMs(): number {
    return this.running ? 0 : Date.now() - this.lastSubmitAt;
  }

  submit(
    projectId: number,
    events: IncomingEvent[],
    options: { personsOnly?: boolean } = {},
  ): Promise<SubmitResult> {
    this.lastSubmitAt = Date.now();
    if (this.closed)
      return Promise.reject(new AppError('SHUTTING_DOWN', 'The server is shutting down; retry shortly.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ projectId, events, resolve, reject, personsOnly: options.personsOnly });
      this.startDrain();
    });
  }

  /**
   * The drain loop can end a few microtasks before `running` is cleared; a submission landing in between
   * would wait forever, so whatever is pending then starts the next drain.
   */
  private startDrain(): void {
    if (this.held > 0) return;
    if (this.running) return;
    // Started at once unless a saved window is still being read back (then the first commit waits for it).
    const drained = this.restorePending ? this.restoring.then(() => this.drain()) : this.drain();
    this.running = drained.finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) this.startDrain();
    });
  }

  /**
   * Runs `fn` with no group commit in flight and none starting until it ends: an erasure must not interleave
   * with a batch computed from the person it removes. Submissions keep queueing meanwhile (and commit after);
   * flag lookups never wait for it. Exclusive sections run one after another.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.exclusiveTail;
    let release = () => {};
    this.exclusiveTail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.held += 1;
    try {
      while (this.running) await this.running;
      return await fn();
    } finally {
      this.held -= 1;
      release();
      if (this.pending.length > 0) this.startDrain();
    }
  }

  /** Refuses new work and waits until everything accepted so far is committed. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running;
    await this.identitiesLoading;
    await this.restoring;
    await this.recent.close();
    // After the last commit: the next start reads 8 bytes a uuid back instead of scanning the newest events.
    if (this.snapshotPlace)
      await this.recent.save(this.snapshotPlace).catch((error: unknown) => {
        this.deps.logger.warn('dedup window not saved; the next start reads it from storage', {
          error: String(error),
        });
      });
  }

  /**
   * Two batches in flight at once: while batch N is being committed, batch N+1 is looked up and processed on
   * top of N's pending changes, so the database's commit time and the CPU work overlap. N+1 is committed only
   * after N succeeded; if N failed, N+1 is processed again from the committed state.
   */
  private async drain(): Promise<void> {
    let inflight: InFlight | undefined;
    // An exclusive section waiting (`held`) stops new batches; the one in flight still finishes.
    while ((this.pending.length > 0 && this.held === 0) || inflight) {
      if (this.pending.length === 0 || this.held > 0) {
        await inflight?.done;
        inflight = undefined;
        continue;
      }
      const batch = this.takeBatch();
      if (batch[0]?.isolate) {
        await inflight?.done;
        inflight = undefined;
        await this.commitIsolated(batch[0]);
        continue;
      }
      // A batch that met another node's changes is redone from what storage holds now, on nothing in flight.
      const fresh = batch.some((s) => (s.conflicts ?? 0) > 0);
      if (fresh) {
        await inflight?.done;
        inflight = undefined;
      }
      let prepared: Prepared;
      try {
        prepared = await this.prepare(batch, inflight, fresh);
      } catch (error) {
        this.failOrIsolate(batch, error);
        continue;
      }
      if (inflight && !(await inflight.done)) {
        // The parent commit failed: what was built on it is void; start over from the committed state.
        this.pending.unshift(...batch);
        inflight = undefined;
        continue;
      }
      inflight = this.startCommit(batch, prepared);
    }
  }

  private async prepare(batch: Submission[], parent: InFlight | undefined, fresh = false): Promise<Prepared> {
    await this.groupTypesReloading;
    if (fresh) this.forgetBatch(batch);
    await this.prefetch(batch, fresh);
    const stored = await this.storedDuringWarmUp(batch, parent);
    const now = this.now();
    const changes = new PendingChanges(this.state, parent?.prepared.changes);
    const uuids = new Set<string>();
    const results: SubmitResult[] = [];
    let processed = 0;
    for (const s of batch) {
      const result: SubmitResult = { stored: 0, duplicates: 0, warnings: [], failed: [] };
      for (const event of s.events) {
        // A full batch is tens of thousands of events: slices keep /flags and /_health answering meanwhile.
        if (++processed % YIELD_EVERY === 0) await yieldToEventLoop();
        if (s.personsOnly) {
          // Same serial path as events, so merges and identity caches stay right; the row itself is dropped.
          processEvent(changes, s.projectId, event, now, result.warnings);
          result.stored += 1;
          continue;
        }
        const key = `${s.projectId}:${event.uuid}`;
        if (this.recent.has(key) || stored.has(key) || uuids.has(key) || parent?.prepared.uuids.has(key)) {
          result.duplicates += 1;
          continue;
        }
        uuids.add(key);
        changes.events.push(processEvent(changes, s.projectId, event, now, result.warnings));
        result.stored += 1;
      }
      results.push(result);
    }
    return { changes, uuids, results };
  }

  /**
   * While the dedup window loads, memory cannot tell a retry from a new event: the uuids it has not seen are
   * looked up in storage, one query per project for the whole batch (the parent's are still in flight, and
   * already in its set).
   */
  private async storedDuringWarmUp(
    batch: Submission[],
    parent: InFlight | undefined,
  ): Promise<ReadonlySet<string>> {
    if (this.recent.warm) return new Set();
    const undecided = new Map<number, string[]>();
    for (const s of batch) {
      if (s.personsOnly) continue;
      const uuids = getOrCreate(undecided, s.projectId, () => []);
      for (const event of s.events) {
        const key = `${s.projectId}:${event.uuid}`;
        if (!this.recent.has(key) && !parent?.prepared.uuids.has(key)) uuids.push(event.uuid);
      }
    }
    return this.recent.storedAmong(undecided);
  }

  private startCommit(batch: Submission[], prepared: Prepared): InFlight {
    const writeSet = prepared.changes.toWriteSet();
    const done = this.deps.ingestionStore.commit(writeSet).then(
      () => {
        this.applyCommitted(batch, prepared, writeSet);
        batch.forEach((s, i) => {
          s.resolve(prepared.results[i] as SubmitResult);
        });
        return true;
      },
      (error: unknown) => {
        this.failOrIsolate(batch, error);
        return false;
      },
    );
    return { prepared, done };
  }

  private applyCommitted(batch: Submission[], prepared: Prepared, writeSet: WriteSet): void {
    prepared.changes.applyTo(this.state);
    this.identities.committed(writeSet);
    this.recent.committed(prepared.uuids);
    this.deps.onCommit?.(new Set(batch.map((s) => s.projectId)));
  }

  /**
   * A commit failed. If the storage says the data was at fault (one poison event), nobody else must pay for
   * it: each submission goes back to the front of the queue to be committed alone, and a lone one is split
   * until the offending events are found and dropped. If the storage itself failed, everyone gets a 503.
   */
  private failOrIsolate(batch: Submission[], error: unknown): void {
    if (error instanceof IdentityConflictError) {
      this.retryAfterConflict(batch, error);
      return;
    }
    if (!this.isDataError(error)) {
      this.fail(batch, error);
      return;
    }
    this.deps.logger.warn('commit refused its data; retrying each request alone', { error: String(error) });
    for (const s of batch) s.isolate = true;
    this.pending.unshift(...batch);
  }

  /** Another node changed what the batch was computed from: forget it, and process the batch again. */
  private retryAfterConflict(batch: Submission[], error: IdentityConflictError): void {
    this.forget(error.stale);
    for (const s of batch) s.conflicts = (s.conflicts ?? 0) + 1;
    const exhausted = batch.filter((s) => (s.conflicts ?? 0) > MAX_CONFLICTS);
    if (exhausted.length > 0) this.fail(exhausted, error);
    this.pending.unshift(...batch.filter((s) => !exhausted.includes(s)));
    this.groupTypesReloading = this.reloadGroupTypes(error.stale.groupTypeProjects);
  }

  /**
   * Drops cached identities another node has changed (told by a commit conflict or by the change feed), so the
   * next batch and the next flag lookup read them again. A person goes with every distinct id pointing at it.
   */
  forget(stale: IdentityConflictError['stale']): void {
    const { state } = this;
    for (const id of stale.personIds) {
      const person = state.personsById.get(id);
      for (const d of person?.distinctIds ?? [])
        state.personIdByDistinctId.delete(distinctKey(person?.projectId ?? 0, d));
      state.personsById.delete(id);
    }
    for (const d of stale.distinctIds) {
      const key = distinctKey(d.projectId, d.distinctId);
      const personId = state.personIdByDistinctId.get(key);
      if (personId)
        this.forget({ distinctIds: [], personIds: [personId], groups: [], groupTypeProjects: [] });
      state.personIdByDistinctId.delete(key);
    }
    for (const g of stale.groups) state.groups.delete(groupKey(g.projectId, g.groupTypeIndex, g.groupKey));
    this.identities.stored(stale.distinctIds, stale.groups);
  }

  /**
   * The change feed lost its connection, so what other nodes changed meanwhile is unknown: forgets every cached
   * identity, rescans the known-identity sets for ids created meanwhile and re-reads every group type.
   */
  forgetAll(): void {
    this.state.personIdByDistinctId.clear();
    this.state.personsById.clear();
    this.state.groups.clear();
    this.identitiesLoading = Promise.all([this.identitiesLoading, this.identities.load()]).then(
      () => undefined,
    );
    this.refreshGroupTypes();
  }

  /** Re-reads the group types of these projects (all when none are named): another node created some. */
  refreshGroupTypes(projectIds?: number[]): void {
    const all = projectIds === undefined;
    this.groupTypesReloading = this.deps.groupStore.listGroupTypes().then(
      (types) => {
        for (const t of types)
          if (all || projectIds.includes(t.projectId))
            getOrCreate(this.state.groupTypes, t.projectId, () => new Map()).set(
              t.groupType,
              t.groupTypeIndex,
            );
      },
      (error: unknown) =>
        this.deps.logger.warn('group types could not be reloaded', { error: String(error) }),
    );
  }

  /** Forgets every identity a batch touches (and whatever those persons own), so prefetch reads them all. */
  private forgetBatch(batch: Submission[]): void {
    const stale: IdentityConflictError['stale'] = {
      distinctIds: [],
      personIds: [],
      groups: [],
      groupTypeProjects: [],
    };
    for (const s of batch) {
      for (const event of s.events) {
        for (const id of identitiesOf(event))
          stale.distinctIds.push({ projectId: s.projectId, distinctId: id });
        if (event.event !== '$groupidentify') continue;
        const index = this.state.groupTypes.get(s.projectId)?.get(String(event.properties.$group_type));
        const key = event.properties.$group_key;
        if (index !== undefined && (typeof key === 'string' || typeof key === 'number'))
          stale.groups.push({ projectId: s.projectId, groupTypeIndex: index, groupKey: String(key) });
      }
    }
    this.forget(stale);
  }

  private reloadGroupTypes(projectIds: number[]): Promise<void> {
    if (projectIds.length === 0) return Promise.resolve();
    return this.deps.groupStore.listGroupTypes().then(
      (types) => {
        for (const t of types) {
          if (!projectIds.includes(t.projectId)) continue;
          getOrCreate(this.state.groupTypes, t.projectId, () => new Map()).set(t.groupType, t.groupTypeIndex);
        }
      },
      (error: unknown) =>
        this.deps.logger.warn('group types could not be reloaded', { error: String(error) }),
    );
  }

  private isDataError(error: unknown): boolean {
    // Thrown by JavaScript while building rows (a value that cannot be converted, a stack overflow): the
    // data's fault whatever the store. Anything else only the store can classify.
    if (error instanceof RangeError || error instanceof TypeError) return true;
    return this.deps.ingestionStore.isDataError?.(error) ?? false;
  }

  private async commitIsolated(s: Submission): Promise<void> {
    const result: SubmitResult = { stored: 0, duplicates: 0, warnings: [], failed: [] };
    try {
      await this.commitRange(s, 0, s.events.length, result);
    } catch (error) {
      this.fail([s], error);
      return;
    }
    s.resolve(result);
  }

  /** Commits events [from, to) of `s` on their own, halving on data errors down to single events. */
  private async commitRange(s: Submission, from: number, to: number, result: SubmitResult): Promise<void> {
    const part: Submission = { ...s, events: s.events.slice(from, to) };
    let prepared: Prepared;
    let writeSet: WriteSet;
    try {
      prepared = await this.prepare([part], undefined);
      writeSet = prepared.changes.toWriteSet();
      await this.deps.ingestionStore.commit(writeSet);
    } catch (error) {
      if (error instanceof IdentityConflictError) s.conflicts = (s.conflicts ?? 0) + 1;
      if (error instanceof IdentityConflictError && (s.conflicts ?? 0) <= MAX_CONFLICTS) {
        this.forget(error.stale);
        await this.reloadGroupTypes(error.stale.groupTypeProjects);
        await this.commitRange(s, from, to, result);
        return;
      }
      if (!this.isDataError(error)) throw error;
      if (to - from === 1) {
        this.deps.logger.warn('dropped an event the storage refused', { error: String(error) });
        result.failed.push(from);
        return;
      }
      const middle = from + Math.ceil((to - from) / 2);
      await this.commitRange(s, from, middle, result);
      await this.commitRange(s, middle, to, result);
      return;
    }
    this.applyCommitted([part], prepared, writeSet);
    const partResult = prepared.results[0] as SubmitResult;
    result.stored += partResult.stored;
    result.duplicates += partResult.duplicates;
    result.warnings.push(...partResult.warnings);
  }

  private fail(batch: Submission[], error: unknown): void {
    this.deps.logger.error('commit failed; the events were not acknowledged', { error: String(error) });
    const failure = new AppError('STORAGE_UNAVAILABLE', 'The events could not be stored; retry the request.');
    for (const s of batch) s.reject(failure);
  }

  private takeBatch(): Submission[] {
    if (this.pending[0]?.isolate) return this.pending.splice(0, 1);
    let count = 0;
    let taken = 0;
    while (taken < this.pending.length) {
      const next = this.pending[taken];
      const size = next?.events.length ?? 0;
      if (taken > 0 && (next?.isolate || count + size > this.deps.maxCommitEvents)) break;
      count += size;
      taken += 1;
    }
    return this.pending.splice(0, taken);
  }

  /**
   * Loads, in one query per project, the persons and groups this batch may touch that are not cached yet.
   * Identities never committed are remembered as person-less without a query.
   */
  private async prefetch(batch: Submission[], fresh = false): Promise<void> {
    const idsByProject = new Map<number, Set<string>>();
    const newByProject = new Map<number, string[]>();
    const groupsByProject = new Map<number, Map<string, { groupTypeIndex: number; groupKey: string }>>();
    for (const s of batch) {
      const ids = getOrCreate(idsByProject, s.projectId, () => new Set<string>());
      for (const event of s.events) {
        for (const id of identitiesOf(event)) {
          if (this.state.personIdByDistinctId.has(distinctKey(s.projectId, id))) continue;
          if (this.identities.mayHavePerson(s.projectId, id)) ids.add(id);
          else getOrCreate(newByProject, s.projectId, () => []).push(id);
        }
        if (event.event !== '$groupidentify') continue;
        const index = this.state.groupTypes.get(s.projectId)?.get(String(event.properties.$group_type));
        const key = event.properties.$group_key;
        if (index === undefined || (typeof key !== 'string' && typeof key !== 'number')) continue;
        const k = groupKey(s.projectId, index, String(key));
        if (this.state.groups.has(k)) continue;
        if (!this.identities.mayHaveGroup(s.projectId, index, String(key))) {
          this.state.groups.set(k, null);
          continue;
        }
        getOrCreate(groupsByProject, s.projectId, () => new Map()).set(k, {
          groupTypeIndex: index,
          groupKey: String(key),
        });
      }
    }
    for (const [projectId, ids] of newByProject) this.state.rememberPersonsIfAbsent(projectId, ids, []);
    for (const [projectId, ids] of idsByProject) {
      if (ids.size === 0) continue;
      const requested = [...ids];
      const persons = await this.deps.personStore.findPersonsByDistinctIds(projectId, requested);
      if (fresh) {
        // Nothing is in flight, and these rows are newer than anything cached about the ids they own.
        const owned = persons.flatMap((p) => p.distinctIds.map((distinctId) => ({ projectId, distinctId })));
        this.forget({
          distinctIds: owned,
          personIds: persons.map((p) => p.id),
          groups: [],
          groupTypeProjects: [],
        });
        this.state.rememberPersons(projectId, requested, persons);
        continue;
      }
      // Only fill gaps: a commit still in flight may have newer versions that are applied afterwards.
      this.state.rememberPersonsIfAbsent(projectId, requested, persons);
    }
    for (const [projectId, refs] of groupsByProject) {
      const found = await this.deps.groupStore.findGroups(projectId, [...refs.values()]);
      for (const g of found) {
        const k = groupKey(projectId, g.groupTypeIndex, g.groupKey);
        if (!this.state.groups.has(k)) this.state.groups.set(k, g);
      }
      for (const k of refs.keys()) if (!this.state.groups.has(k)) this.state.groups.set(k, null);
    }
  }
}
