import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

/** Written last into a backup folder: a folder without it is an unfinished backup and is never restored. */
export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'signpost-backup';
export const BACKUP_FORMAT_VERSION = 1;

const fileEntry = z.object({
  name: z
    .string()
    .min(1)
    // A manifest names files inside its own folder only: no path separators, no `..`.
    .regex(/^[^/\\]+$/)
    .refine((n) => n !== '.' && n !== '..' && n !== MANIFEST_FILE),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  signpostVersion: z.string(),
  schemaVersion: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  eventCount: z.number().int().min(0),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.array(fileEntry).min(1),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = z.infer<typeof fileEntry>;

/** SHA-256 of a file, streamed (a backup file can be larger than memory); `onBytes` feeds a progress bar. */
export function sha256File(file: string, onBytes?: (n: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => {
        hash.update(chunk);
        onBytes?.(chunk.length);
      })
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
