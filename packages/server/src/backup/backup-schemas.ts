import { z } from 'zod';

/** `POST /api/backups`: where the server writes the backup (a folder on the server's machine). */
export const createBackupSchema = z.object({
  to: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => p.startsWith('/'), 'must be an absolute path on the server (the CLI resolves it for you)')
    .refine((p) => !p.includes('\0'), 'must not contain a NUL character'),
});

/** One line of the NDJSON answer: progress while the snapshot is copied, then the manifest or the failure. */
export const backupLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), rows: z.number(), total_rows: z.number() }),
  z.object({ type: z.literal('done'), manifest: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('error'), code: z.string(), detail: z.string() }),
]);
export type BackupLine = z.infer<typeof backupLineSchema>;
