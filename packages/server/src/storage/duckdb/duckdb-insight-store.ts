import type { Insight } from '../../insights/insight.ts';
import type { InsightStore } from '../../insights/insight-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { timestampValue } from './row-values.ts';

export class DuckDbInsightStore implements InsightStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listInsights(): Promise<Insight[]> {
    const rows = await this.db.query('SELECT data FROM insights ORDER BY id');
    return rows.map((r) => fromDocument<Insight>(r.data, ['createdAt', 'lastModifiedAt']));
  }

  async saveInsight(insight: Insight): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO insights VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          insight.id,
          insight.projectId,
          insight.shortId,
          toDocument(insight),
          insight.version,
          insight.deleted,
          timestampValue(insight.lastModifiedAt),
        ],
      ),
    );
  }
}
