import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, type JS } from '@duckdb/node-api';
import { migrate } from './migrations.ts';

export type Row = Record<string, JS>;
export type Params = DuckDBValue[];

const READ_CONNECTIONS = 4;
const CHECKPOINT_THRESHOLD = '256MB';

/**
 * One DuckDB instance per process (a second instance on the same file in one process corrupts nothing but
 * silently splits state). Writes go through one connection, one transaction at a time; reads use a small pool
 * of their own connections so they see committed data without waiting for the writer.
 */
export class DuckDbDatabase {
  private writeChain: Promise<unknown> = Promise.resolve();
  private writesInFlight = 0;
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    readers: DuckDBConnection[],
  ) {
    this.idle.push(...readers);
  }

  /** Opens (creating if needed) `<dataDir>/signpost.duckdb` and brings its schema up to date. */
  static async open(dataDir: string): Promise<DuckDbDatabase> {
    mkdirSync(dataDir, { recursive: true });
    const instance = await DuckDBInstance.create(path.join(dataDir, 'signpost.duckdb'));
    const writer = await instance.connect();
    // DuckDB checkpoints automatically once the WAL passes 16 MB, inside whichever commit crosses it, which
    // stalls ingestion for up to a second. A larger threshold makes those stalls rare; `checkpointIfIdle`
    // folds the WAL in while nothing is being written, and close() always does.
    await writer.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    await migrate(writer);
    const readers = await Promise.all(Array.from({ length: READ_CONNECTIONS }, () => instance.connect()));
    return new DuckDbDatabase(instance, writer, readers);
  }

  /** Runs `fn` alone on the write connection: nothing else can slip into its transaction. */
  write<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.writesInFlight += 1;
    const result = this.writeChain
      .then(() => fn(this.writer))
      .finally(() => {
        this.writesInFlight -= 1;
      });
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  /** A transaction on the write connection; rolled back if `fn` throws. */
  transaction<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.write(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await fn(c);
        await c.run('COMMIT');
        return result;
      } catch (error) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async query(sql: string, params: Params = []): Promise<Row[]> {
    const connection = await this.acquire();
    try {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS();
    } finally {
      this.release(connection);
    }
  }

  /** Lends a read connection to `fn` (analytics queries need it to interrupt a statement that runs too long). */
  async withReader<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await fn(connection);
    } finally {
      this.release(connection);
    }
  }

  /** A connection outside the read pool, for a long streamed read; the caller closes it. */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Reads on the write connection, ordered with the writes (used by the single writer's look-ups). */
  queryWriter(sql: string, params: Params = []): Promise<Row[]> {
    return this.write(async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJS());
  }

  /** Folds the WAL into the database file when no write is waiting (called from an idle timer). */
  async checkpointIfIdle(): Promise<void> {
    if (this.writesInFlight > 0) return;
    await this.write((c) => c.run('CHECKPOINT'));
  }

  async close(): Promise<void> {
    await this.writeChain;
    // A checkpoint folds the WAL into the database file, so the next start does not replay it.
    await this.writer.run('CHECKPOINT').catch(() => undefined);
    for (const c of this.idle) c.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}
