import type { EarlyAccessFeature } from '../../early-access/early-access-feature.ts';
import type { EarlyAccessStore } from '../../early-access/early-access-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { timestampValue } from './row-values.ts';

const DATE_FIELDS = ['createdAt', 'updatedAt'] as const;

export class DuckDbEarlyAccessStore implements EarlyAccessStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listEarlyAccessFeatures(): Promise<EarlyAccessFeature[]> {
    const rows = await this.db.query('SELECT data FROM early_access_features ORDER BY id');
    return rows.map((r) => fromDocument<EarlyAccessFeature>(r.data, DATE_FIELDS));
  }

  async saveEarlyAccessFeature(feature: EarlyAccessFeature): Promise<void> {
    await this.db.write((c) =>
      c.run(
        `INSERT INTO early_access_features VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          feature.id,
          feature.projectId,
          toDocument(feature),
          feature.version,
          feature.deleted,
          timestampValue(feature.updatedAt),
        ],
      ),
    );
  }
}
