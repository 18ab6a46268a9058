import pg from 'pg';
import { AppError } from '../../errors/app-error.ts';

export type Row = Record<string, unknown>;
/** What a statement may bind: the driver sends a Date as a timestamp with its offset, an array as an array. */
export type Param = string | number | boolean | Date | null | readonly string[];

/** Runs one parameterised statement; a pool (auto-commit) or a client inside a transaction. */
export interface Executor {
  run(sql: string, params?: readonly Param[]): Promise<Row[]>;
}

// Connection loss, a server shutting down or out of resources: the client should retry later (503), which a
// bad statement (a bug, or a constraint) must not be mistaken for.
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0)/;

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}

function unavailable(error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('STORAGE_UNAVAILABLE', `PostgreSQL is unavailable (${reason}); retry later.`);
}

/**
 * A connection pool with the two ways stores write: one auto-committed statement, or several in a transaction
 * that rolls back if any fails. Unlike the embedded DuckDB there is no single writer: PostgreSQL orders
 * concurrent writers itself, so several Signpost nodes can share one database.
 */
export class PostgresDatabase implements Executor {
  private constructor(private readonly pool: pg.Pool) {}

  static create(connectionString: string, maxConnections = 10): PostgresDatabase {
    const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
    // An idle connection cut by a server restart emits 'error' on the pool; unhandled, it would end the process.
    pool.on('error', () => undefined);
    // The same for a connection cut while lent out (a transaction waiting on ClickHouse, a held advisory lock):
    // the pool's listener covers idle clients only. The failure reaches the caller through its next query.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new PostgresDatabase(pool);
  }

  async run(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, [...params])).rows as Row[];
    } catch (error) {
      throw isUnavailable(error) ? unavailable(error) : error;
    }
  }

  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isUnavailable(error) ? unavailable(error) : error;
    }
    const tx: Executor = {
      run: async (sql, params = []) => (await client.query(sql, [...params])).rows as Row[],
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = isUnavailable(error);
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw broken ? unavailable(error) : error;
    } finally {
      // A connection that failed mid-transaction is closed rather than lent out again.
      client.release(broken);
    }
  }

  /** A connection of its own, for session-level state such as an advisory lock; give it back with `release()`. */
  connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
