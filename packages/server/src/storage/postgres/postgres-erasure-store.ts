import type { ErasureRecord } from '../../erasure/erasure.ts';
import type { ErasureStore } from '../../erasure/erasure-store.ts';
import { erasureOf, insertParams, newSecret, ERASURE_SQL as SQL } from '../erasure-sql.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import { date, num, str } from './row-values.ts';

export class PostgresErasureStore implements ErasureStore {
  constructor(private readonly db: PostgresDatabase) {}

  async add(record: ErasureRecord): Promise<void> {
    await this.db.run(SQL.insert, [...insertParams(record)]);
  }

  async list(projectId: number, limit: number, offset: number): Promise<ErasureRecord[]> {
    const rows = await this.db.run(SQL.list, [projectId, limit, offset]);
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
    await this.db.run(SQL.makeSecret, [newSecret()]);
    const [row] = await this.db.run(SQL.readSecret);
    if (!row) throw new Error('The erasure secret could not be stored.');
    return str(row, 'secret');
  }
}
