import type { DuckDBConnection } from '@duckdb/node-api';
import type { FlagFilters } from '@signpost/flags-engine';
import type { EnvironmentConfig, FeatureFlag } from '../../flags/feature-flag.ts';
import type { FlagStore, FlagWrite, HashKeyOverride } from '../../flags/flag-store.ts';
import { insertActivity } from './duckdb-activity-log-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { fromDocument, toDocument } from './json-documents.ts';
import { date, num, str, timestampValue } from './row-values.ts';

export class DuckDbFlagStore implements FlagStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async listFlags(): Promise<FeatureFlag[]> {
    const rows = await this.db.query('SELECT data FROM feature_flags ORDER BY id');
    return rows.map((r) => fromDocument<FeatureFlag>(r.data, ['createdAt', 'updatedAt']));
  }

  async listEnvironmentConfigs(): Promise<EnvironmentConfig[]> {
    const rows = await this.db.query(
      'SELECT flag_id, environment_id, data, updated_at FROM feature_flag_environments ORDER BY flag_id',
    );
    return rows.map((r) => {
      const data = JSON.parse(str(r, 'data')) as { active: boolean; filters: FlagFilters };
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
    return this.db.transaction(async (c) => {
      for (const w of writes) await saveOne(c, w);
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

async function saveOne(c: DuckDBConnection, { flag, configs, entry }: FlagWrite): Promise<void> {
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
  for (const config of configs) {
    await c.run(
      `INSERT INTO feature_flag_environments VALUES ($1, $2, $3, $4)
       ON CONFLICT (flag_id, environment_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [
        config.flagId,
        config.environmentId,
        JSON.stringify({ active: config.active, filters: config.filters }),
        timestampValue(config.updatedAt),
      ],
    );
  }
  await insertActivity(c, entry);
}
