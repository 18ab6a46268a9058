import { open, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Room the data folder must have before storage is called writable again. DuckDB grows its file in 256 KB
 * blocks and a commit writes its whole WAL entry at once, so a few blocks is the least that lets the next
 * ordinary commit and checkpoint through.
 */
const PROBE_BYTES = 1024 * 1024;

/**
 * Writes, syncs and removes a scratch file next to the database: the cheapest honest answer to "can this
 * folder take writes again?" that does not write to the database itself (a failing checkpoint there would
 * invalidate the instance). Throws the file system's error (ENOSPC, EIO, EROFS) when it cannot.
 */
export async function probeDiskWritable(dataDir: string): Promise<void> {
  const file = path.join(dataDir, '.signpost-disk-probe');
  const handle = await open(file, 'w');
  try {
    await handle.write(Buffer.alloc(PROBE_BYTES));
    await handle.sync();
  } finally {
    await handle.close();
    await rm(file, { force: true });
  }
}
