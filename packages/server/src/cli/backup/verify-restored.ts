import type { BackupManifest } from '../../backup/backup-manifest.ts';
import { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { CliError } from '../cli-error.ts';

/**
 * Opens the restored folder the way `npm start` will (bringing an older schema up to date) and compares its
 * event count with the manifest's: the checksums prove the bytes, this proves DuckDB reads them.
 */
export async function verifyRestored(dataDir: string, manifest: BackupManifest): Promise<void> {
  const db = await DuckDbDatabase.open(dataDir);
  try {
    const rows = await db.query('SELECT count(*) AS n FROM events');
    const n = Number(rows[0]?.n ?? -1);
    if (n !== manifest.eventCount)
      throw new CliError(
        'VERIFY_FAILED',
        `The restored database holds ${n} events; the manifest says ${manifest.eventCount}.`,
      );
  } finally {
    await db.close();
  }
}
