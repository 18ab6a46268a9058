import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { type BackupManifest, MANIFEST_FILE, manifestSchema, sha256File } from './backup-manifest.ts';
import { isEmptyOrMissing } from './empty-folder.ts';

export interface RestoreOptions {
  from: string;
  /** Must not exist or be empty: a restore never merges into, or overwrites, a data folder. */
  dataDir: string;
  /** The newest schema this build can open; a backup from a newer release is refused before copying. */
  latestSchemaVersion: number;
  onProgress?: (bytes: number, totalBytes: number) => void;
}

/** Reads and validates a backup's manifest; anything missing or malformed is `BACKUP_INVALID`. */
export async function readManifest(from: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(from, MANIFEST_FILE), 'utf8');
  } catch {
    throw new AppError(
      'BACKUP_INVALID',
      `${from} holds no ${MANIFEST_FILE}: not a Signpost backup, or one that did not finish.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BACKUP_INVALID', `${MANIFEST_FILE} in ${from} is not valid JSON.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'BACKUP_INVALID',
      `${MANIFEST_FILE} in ${from} is not a Signpost backup manifest (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`,
    );
  return parsed.data;
}

/**
 * Copies a backup into an empty data folder and checks every copied file against the manifest's SHA-256, so
 * both a damaged backup and a failed copy are caught. On any failure the data folder is emptied again.
 */
export async function restoreBackup(o: RestoreOptions): Promise<BackupManifest> {
  if (!(await isEmptyOrMissing(o.dataDir)))
    throw new AppError(
      'BACKUP_TARGET_NOT_EMPTY',
      `${o.dataDir} is not empty; restore into a new or empty data folder (pass --data-dir).`,
    );
  const manifest = await readManifest(o.from);
  if (manifest.schemaVersion > o.latestSchemaVersion)
    throw new AppError(
      'BACKUP_INVALID',
      `The backup was written by a newer Signpost (schema ${manifest.schemaVersion}, this build knows ${o.latestSchemaVersion}). Upgrade Signpost first.`,
    );
  const totalBytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  let done = 0;
  await mkdir(o.dataDir, { recursive: true });
  try {
    for (const f of manifest.files) {
      const target = path.join(o.dataDir, f.name);
      try {
        await copyFile(path.join(o.from, f.name), target);
      } catch {
        throw new AppError('BACKUP_INVALID', `${f.name}, listed in the manifest, is missing from ${o.from}.`);
      }
      const sha256 = await sha256File(target, (n) => {
        done += n;
        o.onProgress?.(done, totalBytes);
      });
      if (sha256 !== f.sha256)
        throw new AppError(
          'BACKUP_INVALID',
          `${f.name} does not match its checksum in the manifest: the backup is damaged. Nothing was restored.`,
        );
    }
    return manifest;
  } catch (error) {
    for (const entry of await readdir(o.dataDir).catch(() => []))
      await rm(path.join(o.dataDir, entry), { recursive: true, force: true });
    throw error;
  }
}
