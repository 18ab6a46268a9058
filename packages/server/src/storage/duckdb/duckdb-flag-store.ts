import type { ActivityEntry } from '../../activity-log/activity-entry.ts';
import type { FeatureFlag } from '../../flags/feature-flag.ts';
import type { FlagStore, HashKeyOverride } from '../../flags/flag-store.ts';
import { insertActivity } from './duckdb-activity-log-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { num, str, timestampValue } from './row-values.ts';

export class DuckDbFlagStore implements FlagStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listFlags(): Promise<FeatureFlag[]> {
    const rows = await this.db.query('SELECT data FROM feature_flags ORDER BY id');
    return rows.map((r) => fromDocument<FeatureFlag>(r.data, ['createdAt', 'updatedAt']));
  }

  saveFlag(flag: FeatureFlag, entry: ActivityEntry): Promise<void> {
    return this.db.transaction(async (c) => {
      await c.run(
        `INSERT INTO feature_flags VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET key = excluded.key, data = excluded.data, version = excluded.version,
           deleted = excluded.deleted, updated_at = excluded.updated_at`,
        [
          flag.id,
          flag.projectId,
          flag.key,
          toDocument(flag),
          flag.version,
          flag.deleted,
          timestampValue(flag.updatedAt),
        ],
      );
      await insertActivity(c, entry);
    });
  }

  async listHashKeyOverrides(): Promise<HashKeyOverride[]> {
    const rows = await this.db.query(
      'SELECT project_id, person_id::VARCHAR AS person_id, flag_key, hash_key FROM flag_hash_key_overrides',
    );
    return rows.map((r) => ({
      projectId: num(r, 'project_id'),
      personId: str(r, 'person_id'),
      flagKey: str(r, 'flag_key'),
      hashKey: str(r, 'hash_key'),
    }));
  }

  async insertHashKeyOverride(o: HashKeyOverride): Promise<void> {
    await this.db.write((c) =>
      c.run('INSERT INTO flag_hash_key_overrides VALUES ($1, $2, $3, $4)', [
        o.projectId,
        o.personId,
        o.flagKey,
        o.hashKey,
      ]),
    );
  }
}
