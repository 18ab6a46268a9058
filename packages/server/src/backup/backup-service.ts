import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../util/logger.ts';
import type { BackupManifest } from './backup-manifest.ts';
import type { BackupProgress, DatabaseBackup } from './database-backup.ts';
import { writeBackup } from './write-backup.ts';

/** What the last backup did, for `/_health` and `GET /api/backups/last`. */
export interface BackupRecord {
  trigger: 'api' | 'schedule';
  dir: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  eventCount?: number;
  bytes?: number;
  error?: string;
}

export interface BackupServiceDeps {
  /** Absent where storage is backed up by other tools; `unsupported` then says which. */
  backup: DatabaseBackup | undefined;
  unsupported: string;
  logger: Logger;
  now?: () => Date;
}

/** Runs backups one at a time (a second request while one runs is refused, not queued) and remembers the last. */
export class BackupService {
  private current: Promise<BackupManifest> | undefined;
  private lastRecord: BackupRecord | undefined;
  private readonly now: () => Date;

  constructor(private readonly deps: BackupServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  last(): BackupRecord | undefined {
    return this.lastRecord;
  }

  /** Throws what `run` would refuse with, before a caller commits to streaming an answer. */
  assertCanStart(): DatabaseBackup {
    if (!this.deps.backup) throw new AppError('BACKUP_UNSUPPORTED', this.deps.unsupported);
    if (this.current)
      throw new AppError('BACKUP_IN_PROGRESS', 'A backup is already running; wait for it to end.');
    return this.deps.backup;
  }

  run(
    to: string,
    trigger: BackupRecord['trigger'],
    onProgress?: (p: BackupProgress) => void,
  ): Promise<BackupManifest> {
    const backup = this.assertCanStart();
    const startedAt = this.now().toISOString();
    this.deps.logger.info('backup started', { dir: to, trigger });
    const run = writeBackup({ backup, to, now: this.now, onProgress }).then(
      (manifest) => {
        const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
        this.finish({ trigger, dir: to, startedAt, ok: true, eventCount: manifest.eventCount, bytes });
        this.deps.logger.info('backup finished', { dir: to, events: manifest.eventCount, bytes, trigger });
        return manifest;
      },
      (error: unknown) => {
        const message = error instanceof AppError ? error.detail : String(error);
        this.finish({ trigger, dir: to, startedAt, ok: false, error: message });
        this.deps.logger.error('backup failed', { dir: to, error: message, trigger });
        throw error;
      },
    );
    this.current = run;
    return run;
  }

  private finish(record: Omit<BackupRecord, 'finishedAt'>): void {
    this.lastRecord = { ...record, finishedAt: this.now().toISOString() };
    this.current = undefined;
  }
}
