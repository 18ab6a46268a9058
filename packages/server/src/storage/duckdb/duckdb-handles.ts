import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { migrate } from './migrations.ts';

const READ_CONNECTIONS = 4;
const CHECKPOINT_THRESHOLD = '256MB';

/**
 * One opening of the database file: the instance and every connection made from it. A connection keeps its
 * instance alive after `instance.closeSync()` (measured), and a second live instance on the same file in one
 * process corrupts the WAL, so a reopen must close every connection listed here before opening again.
 */
export interface DuckDbHandles {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  readers: DuckDBConnection[];
  /** Connections lent out for long streamed reads; closed by their user or by `closeHandles`. */
  streams: Set<DuckDBConnection>;
}

/**
 * `threads`: DuckDB's worker threads for the whole instance (a global setting, not one per connection).
 * `memoryLimit` bounds DuckDB's buffer manager (its default is 80% of the machine's RAM, which a shared host
 * cannot give one service); past it, sorts and aggregations spill to a temporary folder next to the file.
 */
export async function openHandles(
  file: string,
  o: { threads?: number | undefined; memoryLimit?: string | undefined } = {},
): Promise<DuckDbHandles> {
  // DuckDB's allocator keeps what a big scan freed unless its background thread hands it back: measured on 10M
  // events, the dedup window's top-N left RSS at 235 MB without it and 139 MB with it, 2 s later (RESULTS.md).
  const config: Record<string, string> = { allocator_background_threads: 'true' };
  if (o.threads !== undefined) config.threads = String(o.threads);
  if (o.memoryLimit) config.memory_limit = o.memoryLimit;
  const instance = await DuckDBInstance.create(file, config);
  const opened: DuckDBConnection[] = [];
  try {
    const writer = await instance.connect();
    opened.push(writer);
    // DuckDB checkpoints automatically once the WAL passes 16 MB, inside whichever commit crosses it, which
    // stalls ingestion for up to a second. A larger threshold makes those stalls rare; `checkpointIfIdle`
    // folds the WAL in while nothing is being written, and close() always does.
    await writer.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    await migrate(writer);
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < READ_CONNECTIONS; i++) {
      const reader = await instance.connect();
      opened.push(reader);
      readers.push(reader);
    }
    return { instance, writer, readers, streams: new Set() };
  } catch (error) {
    for (const c of opened) c.closeSync();
    instance.closeSync();
    throw error;
  }
}

/** Closes everything, interrupting statements still running; never throws (the instance may be invalidated). */
export function closeHandles(handles: DuckDbHandles): void {
  for (const c of [handles.writer, ...handles.readers, ...handles.streams]) {
    try {
      c.interrupt();
      c.closeSync();
    } catch {
      // already closed, or the instance is gone: either way it no longer holds the file
    }
  }
  handles.streams.clear();
  try {
    handles.instance.closeSync();
  } catch {
    // as above
  }
}
