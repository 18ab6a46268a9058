import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { personIdFor } from '../../persons/person-processor.ts';
import { DuckDbDatabase } from './duckdb-database.ts';
import { personIdSql } from './person-id-sql.ts';

let dir: string;
let db: DuckDbDatabase;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'signpost-person-id-sql-'));
  db = await DuckDbDatabase.open(dir);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('computes in SQL the person id ingestion derives from a distinct id', async () => {
  const ids = [
    'alice',
    '',
    "o'brien",
    'héllo/✓ 日本',
    '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    'x'.repeat(300),
  ];
  for (const projectId of [1, 42]) {
    const values = ids.map((d, i) => `(${i}, '${d.replaceAll("'", "''")}')`).join(', ');
    const rows = await db.query(
      `SELECT d, ${personIdSql('$1::INTEGER', 'd')}::VARCHAR AS id FROM (VALUES ${values}) t(i, d) ORDER BY i`,
      [projectId],
    );
    expect(rows.map((r) => [r.d, r.id])).toEqual(ids.map((d) => [d, personIdFor(projectId, d)]));
  }
});
