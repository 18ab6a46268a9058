import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { BackupScheduler, backupFolderName } from './backup-scheduler.ts';
import { BackupService } from './backup-service.ts';
import type { DatabaseBackup } from './database-backup.ts';

// The scheduler and service around a stand-in database (the snapshot itself is covered on real DuckDB in
// backup-routes.test.ts and backup-restore.test.ts): due-ness, rotation, logging and one-at-a-time.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'signpost-backup-schedule-'));
  dirs.push(d);
  return d;
};

/** Writes a small file as the "snapshot"; `gate` holds it until released. */
function fakeBackup(dataDir: string, gate?: Promise<void>): DatabaseBackup {
  return {
    dataDir,
    databaseFiles: ['signpost.duckdb'],
    async writeSnapshot(file) {
      await gate;
      writeFileSync(file, 'snapshot');
      return { schemaVersion: 3, eventCount: 7, tables: { events: 7 } };
    },
  };
}

function recordingLogger(lines: string[]): Logger {
  const log = (message: string) => lines.push(message);
  return { debug: log, info: log, warn: log, error: log };
}

const HOUR = 3_600_000;

describe('scheduled backups', () => {
  it('backs up when the newest finished backup is older than the interval, and keeps only the newest N', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    let now = new Date('2026-12-01T00:00:00Z');
    const logs: string[] = [];
    const logger = recordingLogger(logs);
    const service = new BackupService({
      backup: fakeBackup(dataDir),
      unsupported: '',
      logger,
      now: () => now,
    });
    const scheduler = new BackupScheduler({
      service,
      schedule: { dir, intervalMs: 24 * HOUR, keep: 2 },
      logger,
      now: () => now,
    });
    // An unfinished backup (no manifest) neither counts as the newest nor is rotated away as a finished one.
    mkdirSync(path.join(dir, backupFolderName(new Date('2026-11-30T23:00:00Z'))));
    await scheduler.runDue();
    expect(readdirSync(dir)).toContain('signpost-backup-20261201T000000Z');
    now = new Date(now.getTime() + 23 * HOUR);
    await scheduler.runDue();
    expect(readdirSync(dir).filter((n) => n.endsWith('Z')).length).toBe(2);
    for (let day = 1; day <= 3; day++) {
      now = new Date(Date.parse('2026-12-01T00:00:00Z') + day * 24 * HOUR);
      await scheduler.runDue();
    }
    expect(readdirSync(dir).sort()).toEqual([
      'signpost-backup-20261130T230000Z',
      'signpost-backup-20261203T000000Z',
      'signpost-backup-20261204T000000Z',
    ]);
    expect(logs.filter((l) => l === 'backup finished')).toHaveLength(4);
    expect(logs.filter((l) => l === 'old backup deleted')).toHaveLength(2);
    expect(service.last()).toMatchObject({ ok: true, trigger: 'schedule', eventCount: 7 });
  });

  it('never runs two backups at once: a request while one runs is refused, the schedule waits', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const released: (() => void)[] = [];
    const gate = new Promise<void>((r) => released.push(r));
    const release = () => released[0]?.();
    const service = new BackupService({
      backup: fakeBackup(dataDir, gate),
      unsupported: '',
      logger: silentLogger,
    });
    const running = service.run(path.join(tempDir(), 'api'), 'api');
    expect(() => service.run(path.join(tempDir(), 'other'), 'api')).toThrow(AppError);
    const scheduler = new BackupScheduler({
      service,
      schedule: { dir, intervalMs: HOUR, keep: 3 },
      logger: silentLogger,
    });
    await scheduler.runDue();
    expect(readdirSync(dir)).toEqual([]);
    release();
    await running;
    await scheduler.runDue();
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('records a failed backup, logs it and leaves no folder behind', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const logs: string[] = [];
    const broken: DatabaseBackup = {
      ...fakeBackup(dataDir),
      writeSnapshot: () => Promise.reject(new Error('disk full')),
    };
    const service = new BackupService({ backup: broken, unsupported: '', logger: recordingLogger(logs) });
    const scheduler = new BackupScheduler({
      service,
      schedule: { dir, intervalMs: HOUR, keep: 3 },
      logger: silentLogger,
    });
    await scheduler.runDue();
    expect(readdirSync(dir)).toEqual([]);
    expect(logs).toContain('backup failed');
    expect(service.last()).toMatchObject({ ok: false, error: 'Error: disk full' });
  });
});
