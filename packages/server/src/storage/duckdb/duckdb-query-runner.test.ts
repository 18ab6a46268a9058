import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DuckDbDatabase } from './duckdb-database.ts';
import { DuckDbQueryRunner } from './duckdb-query-runner.ts';

it('interrupts a statement that outlives its budget and keeps the connection usable', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-runner-'));
  const db = await DuckDbDatabase.open(dir);
  try {
    const runner = new DuckDbQueryRunner(db);
    const started = Date.now();
    await expect(
      runner.run('SELECT count(*) AS n FROM range(1000000000000) a WHERE a.range % 7 = $1', [3], {
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
    for (let i = 0; i < 5; i++) {
      const rows = await runner.run('SELECT $1::INTEGER + 1 AS n', [i], { timeoutMs: 1000 });
      expect(rows).toEqual([{ n: i + 1 }]);
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('reads no more than maxRows + 1 rows of a large result and keeps the connection usable', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-runner-'));
  const db = await DuckDbDatabase.open(dir);
  try {
    const runner = new DuckDbQueryRunner(db);
    const started = Date.now();
    // Ten billion rows: reading them all would not finish, reading 11 is instant.
    const rows = await runner.run('SELECT range AS n FROM range($1::BIGINT)', [10_000_000_000], {
      timeoutMs: 10_000,
      maxRows: 10,
    });
    expect(rows.map((r) => Number(r.n))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Date.now() - started).toBeLessThan(5000);
    const small = await runner.run('SELECT range AS n FROM range(3)', [], { timeoutMs: 1000, maxRows: 10 });
    expect(small).toHaveLength(3);
    for (let i = 0; i < 5; i++) {
      const again = await runner.run('SELECT $1::INTEGER + 1 AS n', [i], { timeoutMs: 1000 });
      expect(again).toEqual([{ n: i + 1 }]);
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('runs at most `concurrency` statements at once; a queued one spends its wait from its budget', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-runner-'));
  const db = await DuckDbDatabase.open(dir, { threads: 1 });
  try {
    const runner = new DuckDbQueryRunner(db, 1);
    const endless = 'SELECT count(*) AS n FROM range(1000000000000) a WHERE a.range % 7 = 3';
    // The first holds the one slot until its 300 ms are up; the second waits for it and has 100 ms in all.
    const first = runner.run(endless, [], { timeoutMs: 300 });
    const started = Date.now();
    const second = runner.run('SELECT 1 AS n', [], { timeoutMs: 100 });
    await expect(second).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect(first).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    // Both slots given back: later statements run at once.
    expect(await runner.run('SELECT 2 AS n', [], { timeoutMs: 1000 })).toEqual([{ n: 2 }]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('opens DuckDB with the configured number of worker threads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signpost-runner-'));
  const db = await DuckDbDatabase.open(dir, { threads: 1 });
  try {
    expect(await db.query("SELECT current_setting('threads')::INTEGER AS t")).toEqual([{ t: 1 }]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
