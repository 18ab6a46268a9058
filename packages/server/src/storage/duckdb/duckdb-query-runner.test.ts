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
