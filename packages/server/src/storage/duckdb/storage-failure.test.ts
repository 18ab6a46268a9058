import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { DuckDbDatabase } from './duckdb-database.ts';

const dirs: string[] = [];
const dbs: DuckDbDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open() {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-storage-failure-'));
  dirs.push(dir);
  const db = await DuckDbDatabase.open(dir, { backoff: { minMs: 20, maxMs: 100 } });
  dbs.push(db);
  await db.write((c) => c.run('CREATE TABLE t (id INTEGER PRIMARY KEY)'));
  await db.write((c) => c.run('INSERT INTO t VALUES (1)'));
  return db;
}

describe('storage failures in the DuckDB adapter', () => {
  it('leaves ordinary statement errors to the caller and the storage healthy', async () => {
    const db = await open();
    const duplicate = db.write((c) => c.run('INSERT INTO t VALUES (1)'));
    await expect(duplicate).rejects.toThrow(/Constraint Error/);
    await expect(duplicate).rejects.not.toBeInstanceOf(AppError);
    await expect(db.query('SELECT nope FROM t')).rejects.toThrow(/Binder Error/);
    expect(db.health()).toEqual({ ok: true });
  });

  // /dev/full answers every write with ENOSPC: a real disk-full error without mounting anything.
  it.skipIf(!existsSync('/dev/full'))(
    'turns a disk-full error into STORAGE_UNAVAILABLE, reports it, and is healthy again once writes work',
    async () => {
      const db = await open();
      const full = db.write((c) =>
        c.run(`COPY (SELECT range FROM range(100000)) TO '/dev/full' (FORMAT csv)`),
      );
      await expect(full).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
      const health = db.health();
      expect(health.ok).toBe(false);
      expect(health.ok ? '' : health.reason).toMatch(/^disk full: .*No space left on device/);
      // The data folder itself has room, so the probe succeeds on the first back-off step.
      await expect.poll(() => db.health(), { timeout: 2_000, interval: 10 }).toEqual({ ok: true });
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM t')).toEqual([{ n: 1 }]);
    },
  );
});
