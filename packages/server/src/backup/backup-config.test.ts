import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('scheduled backup settings', () => {
  it('are off without SIGNPOST_BACKUP_DIR, and default to daily keeping 7 with it', () => {
    expect(loadConfig({}).backupSchedule).toBeUndefined();
    expect(loadConfig({ SIGNPOST_BACKUP_DIR: 'backups' }).backupSchedule).toEqual({
      dir: path.resolve('backups'),
      intervalMs: 24 * 3_600_000,
      keep: 7,
    });
  });

  it('read minutes, hours and days', () => {
    const at = (interval: string) =>
      loadConfig({ SIGNPOST_BACKUP_DIR: '/b', SIGNPOST_BACKUP_INTERVAL: interval, SIGNPOST_BACKUP_KEEP: '3' })
        .backupSchedule;
    expect(at('30m')).toMatchObject({ intervalMs: 30 * 60_000, keep: 3 });
    expect(at('6h')?.intervalMs).toBe(6 * 3_600_000);
    expect(at('7d')?.intervalMs).toBe(7 * 86_400_000);
  });

  it('refuse malformed values, naming the variable', () => {
    for (const interval of ['24', '0h', '1.5h', '10s', 'daily', '-1d'])
      expect(() => loadConfig({ SIGNPOST_BACKUP_DIR: '/b', SIGNPOST_BACKUP_INTERVAL: interval })).toThrow(
        /SIGNPOST_BACKUP_INTERVAL: must be a whole number of minutes, hours or days/,
      );
    for (const keep of ['0', '-2', 'all', '1.5'])
      expect(() => loadConfig({ SIGNPOST_BACKUP_DIR: '/b', SIGNPOST_BACKUP_KEEP: keep })).toThrow(
        /SIGNPOST_BACKUP_KEEP/,
      );
  });

  it('refuse an interval or count without a folder, and a folder in distributed mode', () => {
    expect(() => loadConfig({ SIGNPOST_BACKUP_INTERVAL: '24h' })).toThrow(/need SIGNPOST_BACKUP_DIR/);
    expect(() => loadConfig({ SIGNPOST_BACKUP_KEEP: '3' })).toThrow(/need SIGNPOST_BACKUP_DIR/);
    expect(() =>
      loadConfig({
        SIGNPOST_BACKUP_DIR: '/b',
        SIGNPOST_DATABASE_URL: 'postgres://signpost:pw@db:5432/signpost',
        SIGNPOST_CLICKHOUSE_URL: 'http://ch1:8123',
      }),
    ).toThrow(/pg_dump and ClickHouse BACKUP/);
  });
});
