import type { ErasureRecord } from '../../erasure/erasure.ts';
import type { ErasureStore } from '../../erasure/erasure-store.ts';
import { erasureOf, insertParams, newSecret, ERASURE_SQL as SQL } from '../erasure-sql.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { date, num, str, timestampValue } from './row-values.ts';

export class DuckDbErasureStore implements ErasureStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async add(record: ErasureRecord): Promise<void> {
    const params = insertParams(record).map((v) => (v instanceof Date ? timestampValue(v) : v));
    await this.db.write((c) => c.run(SQL.insert, params));
  }

  async list(projectId: number, limit: number, offset: number): Promise<ErasureRecord[]> {
    const rows = await this.db.query(SQL.list, [projectId, limit, offset]);
    return rows.map((r) =>
      erasureOf({
        id: str(r, 'id'),
        projectId: num(r, 'project_id'),
        mode: str(r, 'mode'),
        requestedBy: str(r, 'requested_by'),
        createdAt: date(r, 'created_at'),
        counts: str(r, 'counts'),
      }),
    );
  }

  async tokenSecret(): Promise<string> {
    return this.db.write(async (c) => {
      await c.run(SQL.makeSecret, [newSecret()]);
      const [row] = (await c.runAndReadAll(SQL.readSecret)).getRowObjectsJS();
      if (!row) throw new Error('The erasure secret could not be stored.');
      return str(row, 'secret');
    });
  }
}
