import { Hono } from 'hono';
import type { ApiEnv } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { AppError } from '../errors/app-error.ts';
import type { BackupLine } from './backup-schemas.ts';
import { createBackupSchema } from './backup-schemas.ts';
import type { BackupRecord, BackupService } from './backup-service.ts';
import { assertBackupTarget } from './write-backup.ts';

const PROGRESS_EVERY_MS = 500;

const recordJson = (r: BackupRecord | undefined) =>
  r && {
    trigger: r.trigger,
    dir: r.dir,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    ok: r.ok,
    event_count: r.eventCount ?? null,
    bytes: r.bytes ?? null,
    error: r.error ?? null,
  };

/**
 * `POST /api/backups` writes a backup of the whole instance (every project, user and key) into a folder on the
 * server's machine, hence the `*` scope. The answer is NDJSON: progress lines while the snapshot is copied, then
 * one `done` line with the manifest or an `error` line (the status is already 200 once streaming has begun, so
 * everything that can be refused up front is checked before).
 */
export function backupRoutes(service: BackupService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.post('/api/backups', async (c) => {
    const { to } = await parseJsonBody(c, createBackupSchema);
    service.assertCanStart();
    // Once streaming starts the status is 200 whatever happens: refuse a bad folder while a 409 can still be sent.
    await assertBackupTarget(to);
    const encoder = new TextEncoder();
    let lastSent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (line: BackupLine) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            // The client went away; the backup carries on and is still recorded as the last one.
          }
        };
        const run = Promise.resolve().then(() =>
          service.run(to, 'api', (p) => {
            const now = performance.now();
            if (now - lastSent < PROGRESS_EVERY_MS && p.rows < p.totalRows) return;
            lastSent = now;
            send({ type: 'progress', rows: p.rows, total_rows: p.totalRows });
          }),
        );
        // Not returned: the stream must flow while the backup runs, not after start() settles.
        void run
          .then(
            (manifest) => send({ type: 'done', manifest }),
            (error: unknown) =>
              send(
                error instanceof AppError
                  ? { type: 'error', code: error.code, detail: error.detail }
                  : { type: 'error', code: 'INTERNAL_ERROR', detail: String(error) },
              ),
          )
          .finally(() => {
            try {
              controller.close();
            } catch {
              // already closed by a cancelled client
            }
          });
      },
    });
    return c.body(body, 200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  });
  app.get('/api/backups/last', (c) =>
    c.json({ running: service.running, last: recordJson(service.last()) ?? null }),
  );
  return app;
}

/** The part of the last backup `/_health` shows without authentication: when, and whether it worked. */
export const backupHealth = (service: BackupService) => {
  const last = service.last();
  return last ? { finished_at: last.finishedAt, ok: last.ok } : null;
};
