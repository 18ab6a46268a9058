import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFile,
  type BackupManifest,
  MANIFEST_FILE,
  sha256File,
} from './backup-manifest.ts';
import type { BackupProgress, DatabaseBackup } from './database-backup.ts';
import { isEmptyOrMissing } from './empty-folder.ts';
import { SIGNPOST_VERSION } from './signpost-version.ts';

/** The snapshot's file name inside a backup: restored as is, it is the data folder's database file. */
export const SNAPSHOT_FILE = 'signpost.duckdb';

// Written and removed by the storage recovery loop, or a dedup window half-written at a stop
// (ingestion/dedup-snapshot.ts): never part of what the server needs.
const TRANSIENT = new Set(['.signpost-disk-probe', 'dedup-window.snapshot.tmp']);

export interface WriteBackupOptions {
  backup: DatabaseBackup;
  /** An absolute folder that does not exist yet or is empty. */
  to: string;
  now?: () => Date;
  onProgress?: (p: BackupProgress) => void;
}

/**
 * Writes a full backup into `to`: the database snapshot, every other file of the data folder, and last the
 * manifest (version, schema version, time, event count, SHA-256 of each file). A crash midway leaves a folder
 * without a manifest, which restore refuses.
 */
export async function writeBackup(o: WriteBackupOptions): Promise<BackupManifest> {
  if (!path.isAbsolute(o.to))
    throw new AppError('INVALID_BODY', 'The backup folder must be an absolute path.', 'to');
  if (!(await isEmptyOrMissing(o.to)))
    throw new AppError(
      'BACKUP_TARGET_NOT_EMPTY',
      `${o.to} is not empty; back up into a new or empty folder.`,
    );
  const createdAt = (o.now ?? (() => new Date()))().toISOString();
  await mkdir(o.to, { recursive: true });
  try {
    const summary = await o.backup.writeSnapshot(path.join(o.to, SNAPSHOT_FILE), o.onProgress);
    const names = [SNAPSHOT_FILE];
    for (const extra of await otherDataFiles(o.backup)) {
      await copyFile(path.join(o.backup.dataDir, extra), path.join(o.to, extra));
      names.push(extra);
    }
    const files: BackupFile[] = [];
    for (const name of names) {
      const file = path.join(o.to, name);
      files.push({ name, bytes: (await stat(file)).size, sha256: await sha256File(file) });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      signpostVersion: SIGNPOST_VERSION,
      schemaVersion: summary.schemaVersion,
      createdAt,
      eventCount: summary.eventCount,
      tables: summary.tables,
      files,
    };
    // Renamed into place so a reader never sees half a manifest.
    const partial = path.join(o.to, `${MANIFEST_FILE}.partial`);
    await writeFile(partial, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(partial, path.join(o.to, MANIFEST_FILE));
    return manifest;
  } catch (error) {
    // The folder was empty (or new) before: leave it that way rather than as a backup that looks usable.
    for (const entry of await readdir(o.to).catch(() => []))
      await rm(path.join(o.to, entry), { recursive: true, force: true });
    throw error;
  }
}

/** A backup goes into a new or empty folder only, never over or beside other files. */
export async function assertBackupTarget(to: string): Promise<void> {
  if (!path.isAbsolute(to))
    throw new AppError('INVALID_BODY', 'The backup folder must be an absolute path.', 'to');
  let empty: boolean;
  try {
    empty = await isEmptyOrMissing(to);
  } catch (error) {
    throw new AppError(
      'INVALID_BODY',
      `${to} cannot be used (${(error as NodeJS.ErrnoException).code ?? error}).`,
      'to',
    );
  }
  if (!empty)
    throw new AppError('BACKUP_TARGET_NOT_EMPTY', `${to} is not empty; back up into a new or empty folder.`);
}

/** Plain files of the data folder other than the database itself, so whatever else lives there comes along. */
async function otherDataFiles(backup: DatabaseBackup): Promise<string[]> {
  const entries = await readdir(backup.dataDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !backup.databaseFiles.includes(e.name) && !TRANSIENT.has(e.name))
    .map((e) => e.name)
    .sort();
}
