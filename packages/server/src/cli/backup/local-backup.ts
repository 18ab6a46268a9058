import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackupManifest } from '../../backup/backup-manifest.ts';
import type { BackupProgress } from '../../backup/database-backup.ts';
import { writeBackup } from '../../backup/write-backup.ts';
import { DuckDbBackup } from '../../storage/duckdb/duckdb-backup.ts';
import { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { CliError } from '../cli-error.ts';

/** No server is running: the CLI opens the data folder itself (which then locks it for the backup's length). */
export async function localBackup(
  dataDir: string,
  to: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<BackupManifest> {
  if (!existsSync(path.join(dataDir, 'signpost.duckdb')))
    throw new CliError('INVALID_ARGUMENTS', `${dataDir} holds no Signpost data (no signpost.duckdb).`);
  let db: DuckDbDatabase;
  try {
    db = await DuckDbDatabase.open(dataDir);
  } catch (error) {
    if (error instanceof Error && /lock/i.test(error.message))
      throw new CliError(
        'DATA_DIR_LOCKED',
        `${dataDir} is in use by a Signpost server this command could not reach; pass --url (and --key) of that server. (${error.message.split('\n')[0]})`,
      );
    throw error;
  }
  try {
    return await writeBackup({ backup: new DuckDbBackup(db, dataDir), to, onProgress });
  } finally {
    await db.close();
  }
}
