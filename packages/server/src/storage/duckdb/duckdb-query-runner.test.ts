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
