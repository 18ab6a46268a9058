import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';
import { AppError } from '../../errors/app-error.ts';
import { type Logger, silentLogger } from '../../util/logger.ts';
import type { StorageHealth } from '../storage.ts';
import { closeHandles, type DuckDbHandles, openHandles } from './duckdb-handles.ts';
import { classifyStorageError, type StorageFailure } from './storage-failure.ts';
import { StorageRecovery } from './storage-recovery.ts';

export type Row = Record<string, JS>;
export type Params = DuckDBValue[];

export interface DuckDbOptions {
  logger?: Logger;
  /**
   * Called when a commit's outcome is unknown (DuckDB invalidated itself inside it), which a reopen cannot
   * make safe: the process should exit and be restarted, reloading everything it keeps in memory. Without
   * it (tests, tools) the instance is reopened like after any other failure.
   */
  onUnrecoverable?: (reason: string) => void;
  /** Wait before the first recovery attempt, doubled after each failed one up to `maxMs`. */
  backoff?: { minMs: number; maxMs: number };
  /** DuckDB's worker threads (default: one per core). */
  threads?: number;
  /** Most insight statements running at once (default: no limit). */
  queryConcurrency?: number;
  /** DuckDB's `memory_limit` (e.g. `1GB`); DuckDB's own default (80% of RAM) when absent. */
  memoryLimit?: string;
}

const DEFAULT_BACKOFF = { minMs: 250, maxMs: 4_000 };

const unavailable = (failure: Pick<StorageFailure, 'kind'>) =>
  new AppError(
    'STORAGE_UNAVAILABLE',
    `Storage cannot take requests right now (${failure.kind.replace('_', ' ')}); retry shortly.`,
  );

/**
 * One DuckDB instance per process (a second instance on the same file in one process corrupts the WAL).
 * Writes go through one connection, one transaction at a time; reads use a small pool of their own
 * connections so they see committed data without waiting for the writer.
 *
 * Storage failures (disk full, I/O) become `STORAGE_UNAVAILABLE` and start a recovery loop with back-off:
 * once the data folder takes a test write again, a degraded database is simply usable again and an
 * invalidated one is reopened (WAL replay brings back every commit that succeeded). Reopening runs only
 * idempotent steps (settings, migrations that check their version); the failed write is never retried here,
 * its client was told it failed and retries. Nothing the process keeps in memory (identity caches, known keys,
 * flags, cohorts) goes stale across a reopen: services apply a write to memory only after its commit
 * succeeded, a commit that failed is not replayed from the WAL, and one DuckDB calls durable is answered as
 * a success (the disk-full test checks all three). The one case that stays unknown, a fatal error inside a
 * COMMIT, goes to `onUnrecoverable`.
 */
export class DuckDbDatabase {
  private writeChain: Promise<unknown> = Promise.resolve();
  private writesInFlight = 0;
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  /** Bumped by every reopen: an error from a connection of an older instance is an outage, not a bug. */
  private generation = 0;
  private readonly recovery: StorageRecovery;
  private readonly memoryLimit: string | undefined;

  private constructor(
    private readonly dataDir: string,
    private handles: DuckDbHandles,
    private readonly options: DuckDbOptions,
  ) {
    this.memoryLimit = options.memoryLimit;
    this.idle.push(...handles.readers);
    this.recovery = new StorageRecovery({
      dataDir,
      logger: options.logger ?? silentLogger,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      reopen: () => this.reopen(),
      onUnrecoverable: options.onUnrecoverable,
    });
  }

  /** Opens (creating if needed) `<dataDir>/signpost.duckdb` and brings its schema up to date. */
  static async open(dataDir: string, options: DuckDbOptions = {}): Promise<DuckDbDatabase> {
    mkdirSync(dataDir, { recursive: true });
    const handles = await openHandles(path.join(dataDir, 'signpost.duckdb'), {
      threads: options.threads,
      memoryLimit: options.memoryLimit,
    });
    return new DuckDbDatabase(dataDir, handles, options);
  }

  health(): StorageHealth {
    return this.recovery.health();
  }

  /**
   * Runs `fn` alone on the write connection, in a transaction of its own (rolled back if `fn` throws), so that
   * every write ends in an explicit COMMIT whose outcome is known (see `commit`).
   */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.enqueue(async (c) => {
      await c.run('BEGIN TRANSACTION');
      let result: T;
      try {
        result = await fn(c);
      } catch (error) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await this.commit(c);
      return result;
    });
  }

  /** The same as `write`: named for callers that run several statements and rely on all-or-nothing. */
  transaction<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.write(fn);
  }

  query(sql: string, params: Params = []): Promise<Row[]> {
    return this.withReader(async (connection) => {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS();
    });
  }

  /** Lends a read connection to `fn` (analytics queries need it to interrupt a statement that runs too long). */
  withReader<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.guard(async () => {
      const connection = await this.acquire();
      try {
        return await fn(connection);
      } finally {
        this.release(connection);
      }
    });
  }

  /** A connection outside the read pool, for a long streamed read; give it back with `disconnect`. */
  connect(): Promise<DuckDBConnection> {
    return this.guard(async () => {
      const connection = await this.handles.instance.connect();
      this.handles.streams.add(connection);
      return connection;
    });
  }

  disconnect(connection: DuckDBConnection): void {
    this.handles.streams.delete(connection);
    connection.closeSync();
  }

  /** Reads on the write connection, ordered with the writes (used by the single writer's look-ups). */
  queryWriter(sql: string, params: Params = []): Promise<Row[]> {
    return this.enqueue(async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJS());
  }

  /** Folds the WAL into the database file when no write is waiting (called from an idle timer). */
  async checkpointIfIdle(): Promise<void> {
    // A checkpoint that cannot write invalidates the instance: never try one while writes are failing.
    if (this.writesInFlight > 0 || this.recovery.state !== 'open') return;
    await this.enqueue((c) => c.run('CHECKPOINT'));
  }

  /**
   * Runs `op` against this database, turning storage failures into `STORAGE_UNAVAILABLE` (and starting
   * recovery) while other errors pass unchanged. For stores that drive a connection of their own.
   */
  async guard<T>(op: () => Promise<T>): Promise<T> {
    const down = this.recovery.state === 'invalidated' ? this.recovery.failure : undefined;
    if (down) throw unavailable(down);
    const generation = this.generation;
    try {
      return await op();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const failure = classifyStorageError(error);
      if (failure) {
        this.recovery.failed(failure);
        throw unavailable(failure);
      }
      // A statement cut off by a reopen fails with "connection disconnected": part of the outage.
      if (generation !== this.generation || this.recovery.state === 'invalidated')
        throw unavailable({ kind: 'invalidated' });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.recovery.close();
    await this.writeChain;
    // A checkpoint folds the WAL into the database file, so the next start does not replay it.
    if (this.recovery.state === 'open') await this.handles.writer.run('CHECKPOINT').catch(() => undefined);
    closeHandles(this.handles);
  }

  /** Runs `fn` on the write connection once every write queued before it has settled. */
  private enqueue<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.writesInFlight += 1;
    const result = this.writeChain
      .then(() => this.guard(() => fn(this.handles.writer)))
      .finally(() => {
        this.writesInFlight -= 1;
      });
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  private async commit(c: DuckDBConnection): Promise<void> {
    try {
      await c.run('COMMIT');
    } catch (error) {
      const failure = classifyStorageError(error);
      // DuckDB says so itself when the commit is durable and only the automatic checkpoint after it failed:
      // the write happened, so the caller is told it did (and memory is updated to match); storage recovers.
      if (failure?.committed) {
        this.recovery.failed(failure);
        return;
      }
      // Any other fatal error here leaves the outcome unknown: the commit may be in the WAL although its
      // caller is told it failed, and nothing in memory knows of it. (A failure before COMMIT is not stored.)
      if (failure?.invalidates) this.recovery.failed(failure, true);
      await c.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async reopen(): Promise<void> {
    // Every statement queued meanwhile is refused without touching the old writer; wait for those running.
    await this.writeChain;
    this.idle.length = 0;
    closeHandles(this.handles);
    this.handles = await openHandles(path.join(this.dataDir, 'signpost.duckdb'), {
      threads: this.options.threads,
      memoryLimit: this.memoryLimit,
    });
    this.generation += 1;
    for (const reader of this.handles.readers) this.release(reader);
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    // A reader of an instance closed by a reopen is not handed out again.
    if (!this.handles.readers.includes(c)) {
      c.closeSync();
      return;
    }
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}
