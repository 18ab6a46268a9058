import type { FlagFilters } from '@signpost/flags-engine';
import type { EnvironmentConfig, FeatureFlag } from '../../flags/feature-flag.ts';
import type { FlagStore, FlagWrite, HashKeyOverride } from '../../flags/flag-store.ts';
import { allocateId, listDocuments, upsertDocument } from './document-tables.ts';
import { insertActivity } from './postgres-activity-log-store.ts';
import type { Executor, PostgresDatabase } from './postgres-database.ts';
import { date, num, str } from './row-values.ts';

export class PostgresFlagStore implements FlagStore {
  constructor(private readonly db: PostgresDatabase) {}

  allocateId(): Promise<number> {
    return allocateId(this.db, 'feature_flags');
  }

  listFlags(): Promise<FeatureFlag[]> {
    return listDocuments(this.db, 'feature_flags', ['createdAt', 'updatedAt']);
  }

  async listEnvironmentConfigs(): Promise<EnvironmentConfig[]> {
    const rows = await this.db.run(
      'SELECT flag_id, environment_id, data, updated_at FROM feature_flag_environments ORDER BY flag_id, environment_id',
    );
    return rows.map((r) => {
      const data = r.data as { active?: unknown; filters: FlagFilters };
      return {
        flagId: num(r, 'flag_id'),
        environmentId: num(r, 'environment_id'),
        active: data.active === true,
        filters: data.filters,
        updatedAt: date(r, 'updated_at'),
      };
    });
  }

  saveFlags(writes: FlagWrite[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      for (const w of writes) await saveOne(tx, w);
    });
  }

  async listHashKeyOverrides(): Promise<HashKeyOverride[]> {
    const rows = await this.db.run(
      'SELECT project_id, person_id::text AS person_id, flag_key, hash_key FROM flag_hash_key_overrides',
    );
    return rows.map((r) => ({
      projectId: num(r, 'project_id'),
      personId: str(r, 'person_id'),
      flagKey: str(r, 'flag_key'),
      hashKey: str(r, 'hash_key'),
    }));
  }

  async insertHashKeyOverride(o: HashKeyOverride): Promise<void> {
    await this.db.run('INSERT INTO flag_hash_key_overrides VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      o.projectId,
      o.personId,
      o.flagKey,
      o.hashKey,
    ]);
  }
}

async function saveOne(tx: Executor, { flag, configs, entry }: FlagWrite): Promise<void> {
  const row = { id: flag.id, projectId: flag.projectId, version: flag.version, deleted: flag.deleted };
  await upsertDocument(
    tx,
    'feature_flags',
    { ...row, updatedAt: flag.updatedAt, extra: { column: 'key', value: flag.key } },
    flag,
  );
  for (const config of configs) {
    await tx.run(
      `INSERT INTO feature_flag_environments VALUES ($1, $2, $3, $4)
       ON CONFLICT (flag_id, environment_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [
        config.flagId,
        config.environmentId,
        JSON.stringify({ active: config.active, filters: config.filters }),
        config.updatedAt,
      ],
    );
  }
  await insertActivity(tx, entry);
}
