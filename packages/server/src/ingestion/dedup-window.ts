import type { Logger } from '../util/logger.ts';
import { type DedupSnapshotPlace, saveDedupSnapshot, takeDedupSnapshot } from './dedup-snapshot.ts';
import { fingerprint } from './known-keys.ts';
import { RecentUuids } from './recent-uuids.ts';

/** Where the window of recently stored uuids comes from after a restart (the event store). */
export interface RecentUuidSource {
  /** The newest `limit` stored keys (`${projectId}:${uuid}`), newest first, a page at a time. */
  recentEventUuidPages(limit: number): AsyncIterable<string[]>;
  /** Which of these uuids (lower case) of a project are stored. */
  storedEventUuids(projectId: number, uuids: string[]): Promise<string[]>;
  /** Where the window is saved at a clean stop (embedded storage); without it every start reads it back. */
  dedupSnapshot?: DedupSnapshotPlace;
}

const RETRY_MS = 2_000;
const NOTHING = new Set<string>();
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The de-duplication window across restarts, without making the start wait for it. Reading a million uuids
 * back takes seconds on a big data folder, so it loads in the background; until it is complete, memory can
 * only say "seen" for what was committed since the start, and whatever it cannot decide is asked of storage
 * (`storedAmong`, one query per project and commit). Storage holds every committed event, so the warm-up is
 * as strict as the window (stricter: it also catches retries older than the window).
 *
 * Complete once loaded: the read sees every commit that finished before it started, and commits landing
 * meanwhile are replayed on top of it (`committedSince`) in the same synchronous step that swaps it in.
 */
export class DedupWindow {
  private recent: RecentUuids;
  /** Set while warming up: storage still has to decide what memory has not seen. */
  private source: RecentUuidSource | undefined;
  private committedSince: string[] = [];
  private loading: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly logger: Logger,
  ) {
    this.recent = new RecentUuids(capacity);
  }

  /** Fills the window from keys given whole, newest first (tests, and callers that have them at hand). */
  fill(keys: string[]): void {
    for (let i = keys.length - 1; i >= 0; i--) this.recent.add(keys[i] as string);
  }

  /**
   * The window saved at the last clean stop, when storage still holds exactly the events it held then: complete
   * at once, so no warm-up and no storage look-up per commit. Call before the queue takes any work.
   */
  async restore(place: DedupSnapshotPlace): Promise<boolean> {
    if (this.capacity === 0) return false;
    const started = Date.now();
    const state = await takeDedupSnapshot(place);
    const fresh = state && RecentUuids.fromState(this.capacity, state);
    if (!fresh) return false;
    this.recent = fresh;
    this.logger.info('dedup window restored from the last stop', {
      uuids: fresh.size,
      ms: Date.now() - started,
    });
    return true;
  }

  /** Saves the window for the next start; only a complete one (a window still warming up would miss uuids). */
  async save(place: DedupSnapshotPlace): Promise<void> {
    if (this.capacity === 0 || this.source) return;
    await saveDedupSnapshot(place, this.recent.exportState());
  }

  /** Starts loading the window from storage; storage decides what memory cannot until it is loaded. */
  warmUp(source: RecentUuidSource, after: Promise<void> = Promise.resolve()): void {
    if (this.capacity === 0) return;
    this.source = source;
    this.loading = after.then(() => this.load(source));
  }

  /** True once memory alone decides (the window is loaded, or there is none). */
  get warm(): boolean {
    return this.source === undefined;
  }

  /** Settles once the window is loaded (or the queue closed first). */
  loaded(): Promise<void> {
    return this.loading;
  }

  has(key: string): boolean {
    return this.recent.has(key);
  }

  /** Records keys whose events are now durable. */
  committed(keys: Iterable<string>): void {
    for (const key of keys) {
      this.recent.add(key);
      if (this.source) this.committedSince.push(key);
    }
  }

  /** During the warm-up: the keys among these uuids (by project) that storage holds. Afterwards: none, no query. */
  async storedAmong(uuidsByProject: ReadonlyMap<number, string[]>): Promise<ReadonlySet<string>> {
    const { source } = this;
    if (!source) return NOTHING;
    const found = new Set<string>();
    for (const [projectId, uuids] of uuidsByProject) {
      if (uuids.length === 0) continue;
      for (const uuid of await source.storedEventUuids(projectId, uuids)) found.add(`${projectId}:${uuid}`);
    }
    return found;
  }

  /** Stops a load in progress (at its next page); the window stays cold. */
  close(): Promise<void> {
    this.closed = true;
    return this.loading;
  }

  private async load(source: RecentUuidSource): Promise<void> {
    const started = Date.now();
    while (!this.closed) {
      try {
        const fresh = await this.read(source);
        if (!fresh) return;
        for (const key of this.committedSince) fresh.add(key);
        this.recent = fresh;
        this.committedSince = [];
        this.source = undefined;
        this.logger.info('dedup window loaded', {
          uuids: fresh.size,
          bytes: fresh.byteLength,
          ms: Date.now() - started,
        });
        return;
      } catch (error) {
        // Still cold, so still exact (storage decides); only slower until a later attempt succeeds.
        this.logger.warn('dedup window could not be loaded; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /**
   * Reads the newest keys as fingerprints (8 bytes each, never a million strings at once), then adds them
   * oldest first so the ring forgets them in the right order. Undefined when closed meanwhile.
   */
  private async read(source: RecentUuidSource): Promise<RecentUuids | undefined> {
    let lanes = new Uint32Array(2 * 4096);
    let count = 0;
    for await (const page of source.recentEventUuidPages(this.capacity)) {
      if (this.closed) return undefined;
      if (2 * (count + page.length) > lanes.length) {
        const grown = new Uint32Array(Math.max(lanes.length * 2, 2 * (count + page.length)));
        grown.set(lanes);
        lanes = grown;
      }
      for (const key of page) {
        const [a, b] = fingerprint(0, key);
        lanes[2 * count] = a;
        lanes[2 * count + 1] = b;
        count += 1;
      }
      await yieldToEventLoop();
    }
    const fresh = new RecentUuids(this.capacity);
    for (let i = count - 1; i >= 0; i--) {
      fresh.addFingerprint(lanes[2 * i] as number, lanes[2 * i + 1] as number);
      if (i % 16_384 === 0) await yieldToEventLoop();
    }
    return this.closed ? undefined : fresh;
  }
}
