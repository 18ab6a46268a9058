import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../util/logger.ts';
import { MANIFEST_FILE } from './backup-manifest.ts';
import type { BackupService } from './backup-service.ts';

export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  /** How many finished backups to keep; older ones are deleted after each new one. */
  keep: number;
}

export interface BackupSchedulerDeps {
  service: BackupService;
  schedule: BackupSchedule;
  logger: Logger;
  now?: () => Date;
  /** How often to look whether a backup is due (tests shorten it). */
  pollMs?: number;
}

const NAME = /^signpost-backup-(\d{8}T\d{6}Z)$/;

/** `2026-12-06T21:05:09.123Z` → `signpost-backup-20261206T210509Z`: sortable, and a valid name everywhere. */
export const backupFolderName = (at: Date): string =>
  `signpost-backup-${at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '')}`;

const timeOf = (name: string): number | undefined => {
  const stamp = NAME.exec(name)?.[1];
  if (!stamp) return undefined;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  return Date.parse(iso);
};

/**
 * Takes a backup into `<dir>/signpost-backup-<time>` whenever the newest finished one there is older than the
 * interval. Due-ness is read from the folder, not from a timer started at boot, so a server restarted more often
 * than its interval still backs up on time; a backup still running (from the API too) is never doubled.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => Date;

  constructor(private readonly deps: BackupSchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    const poll = this.deps.pollMs ?? Math.min(60_000, this.deps.schedule.intervalMs);
    this.timer = setInterval(() => void this.runDue(), poll);
    this.timer.unref();
    void this.runDue();
  }

  /**
   * Stops the timer without waiting for a backup in progress: a shutdown must not wait minutes for it. Closing
   * storage then interrupts the copy; its folder never gets a manifest, so it is neither restored nor counted.
   */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Takes a backup if one is due, then deletes the oldest beyond `keep`. */
  runDue(): Promise<void> {
    this.ticking ??= this.tick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async tick(): Promise<void> {
    const { dir, intervalMs } = this.deps.schedule;
    try {
      const finished = await this.finishedBackups();
      const newest = finished.at(-1);
      const now = this.now();
      if (newest && now.getTime() - newest.at < intervalMs) return;
      if (this.deps.service.running) return;
      const target = path.join(dir, backupFolderName(now));
      try {
        await this.deps.service.run(target, 'schedule');
      } catch {
        // Logged by the service; the emptied folder must not count as a backup nor linger.
        await rm(target, { recursive: true, force: true });
        return;
      }
      await this.rotate();
    } catch (error) {
      this.deps.logger.error('scheduled backup failed', { dir, error: String(error) });
    }
  }

  private async finishedBackups(): Promise<{ name: string; at: number }[]> {
    const { dir } = this.deps.schedule;
    const names = await readdir(dir).catch(() => [] as string[]);
    return names
      .flatMap((name) => {
        const at = timeOf(name);
        return at !== undefined && existsSync(path.join(dir, name, MANIFEST_FILE)) ? [{ name, at }] : [];
      })
      .sort((a, b) => a.at - b.at);
  }

  private async rotate(): Promise<void> {
    const finished = await this.finishedBackups();
    const old = finished.slice(0, Math.max(0, finished.length - this.deps.schedule.keep));
    for (const b of old) {
      await rm(path.join(this.deps.schedule.dir, b.name), { recursive: true, force: true });
      this.deps.logger.info('old backup deleted', { dir: path.join(this.deps.schedule.dir, b.name) });
    }
  }
}
