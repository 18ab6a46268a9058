import type { Logger } from '../../util/logger.ts';
import type { StorageHealth } from '../storage.ts';
import { probeDiskWritable } from './disk-probe.ts';
import { classifyStorageError, type StorageFailure } from './storage-failure.ts';

/**
 * `degraded`: a write failed for want of disk or I/O; DuckDB rolled it back and stays usable (reads work).
 * `invalidated`: DuckDB refuses everything until the instance is closed and opened again.
 */
export type StorageState = 'open' | 'degraded' | 'invalidated';

type Condition =
  | { state: 'open' }
  | { state: 'degraded' | 'invalidated'; failure: StorageFailure; since: number };

export interface StorageRecoveryDeps {
  dataDir: string;
  logger: Logger;
  /** Wait before the first attempt, doubled after each failed one up to `maxMs`. */
  backoff: { minMs: number; maxMs: number };
  /** Closes the invalidated instance and opens the file again; throws when it cannot yet. */
  reopen: () => Promise<void>;
  onUnrecoverable?: ((reason: string) => void) | undefined;
}

/**
 * The storage's condition and the loop that restores it. Recovery waits until the data folder takes a test
 * write (a full disk is not fixed by retrying the database), then reopens the instance if DuckDB gave up on it.
 * Why reopen rather than exit for a supervisor: the WAL replay on open restores exactly the commits that
 * succeeded, reopening re-runs only idempotent steps, and many installs run without a supervisor.
 */
export class StorageRecovery {
  private condition: Condition = { state: 'open' };
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly deps: StorageRecoveryDeps) {}

  get state(): StorageState {
    return this.condition.state;
  }

  /** The failure the storage is down for, if it is. */
  get failure(): StorageFailure | undefined {
    return this.condition.state === 'open' ? undefined : this.condition.failure;
  }

  health(): StorageHealth {
    const failure = this.failure;
    return failure ? { ok: false, reason: failure.reason } : { ok: true };
  }

  /**
   * Records a storage failure and starts recovering, unless already recovering from something at least as
   * bad. `outcomeUnknown`: a commit may or may not have landed, which reopening cannot settle.
   */
  failed(failure: StorageFailure, outcomeUnknown = false): void {
    if (this.closed || this.condition.state === 'invalidated') return;
    const state = failure.invalidates ? 'invalidated' : 'degraded';
    if (outcomeUnknown && this.deps.onUnrecoverable) {
      this.condition = { state, failure, since: Date.now() };
      this.deps.onUnrecoverable(failure.reason);
      return;
    }
    if (this.condition.state !== state)
      this.deps.logger.error('storage unavailable; recovering', { state, reason: failure.reason });
    const since = this.condition.state === 'open' ? Date.now() : this.condition.since;
    this.condition = { state, failure, since };
    this.running ??= this.recover().finally(() => {
      this.running = undefined;
    });
  }

  /** Stops the loop (also mid-wait) and waits for an attempt in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.running;
  }

  private async recover(): Promise<void> {
    let delay = this.deps.backoff.minMs;
    while (!this.closed && this.condition.state !== 'open') {
      await this.pause(delay);
      if (this.closed) return;
      try {
        await probeDiskWritable(this.deps.dataDir);
        if (this.condition.state === 'invalidated') await this.deps.reopen();
        this.recovered();
      } catch (error) {
        // The latest cause is the one an operator can act on (re-read: the awaits may have changed it).
        const current = this.condition as Condition;
        const failure = classifyStorageError(error);
        if (failure && current.state !== 'open')
          this.condition = { ...current, failure: { ...current.failure, reason: failure.reason } };
        delay = Math.min(delay * 2, this.deps.backoff.maxMs);
        this.deps.logger.warn('storage still unavailable', { error: String(error), retryInMs: delay });
      }
    }
  }

  private recovered(): void {
    if (this.condition.state === 'open') return;
    const { state, since } = this.condition;
    this.deps.logger.info('storage available again', { after: state, downMs: Date.now() - since });
    this.condition = { state: 'open' };
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
