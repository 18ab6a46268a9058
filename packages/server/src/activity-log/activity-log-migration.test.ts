import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { DuckDbDatabase } from '../storage/duckdb/duckdb-database.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';
import { API, client, rollout } from './activity-log.test-kit.ts';

/** Tables created by the migrations after 7, in reverse order. */
const LATER_TABLES = [
  'cohort_computed_members',
  'cohort_computations',
  'definition_watermark',
  'property_definitions',
  'event_definitions',
  'annotations',
  'event_daily_rollups',
  'project_data_settings',
  'erasures',
  'erasure_secrets',
  'alerts',
  'flag_change_requests',
  'flag_approval_settings',
  'scheduled_changes',
  'flag_usage',
  'webhook_deliveries',
  'webhooks',
  'feature_flag_environments',
  'team_id_counter',
  'environments',
  'early_access_features',
  'project_secret_keys',
  'activity_log',
];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<Signpost> {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: dataDir,
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
  });
  return createSignpost({ config, storage: await openDuckDbStorage(dataDir), logger: silentLogger });
}

describe('schema 8 moves the per-flag history into the activity log', () => {
  it('converts an older data folder’s feature_flag_activity rows into log entries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-activity-migration-'));
    dirs.push(dir);
    const first = await start(dir);
    const flag = await client(first).post(`${API}/feature_flags/`, { key: 'legacy', filters: rollout(10) });
    await first.close();

    // Put the folder back as the schema before it wrote it: the old table with rows in its old shape, no activity log.
    const db = await DuckDbDatabase.open(dir);
    await db.write(async (c) => {
      await c.run(`CREATE TABLE feature_flag_activity (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, flag_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL, action VARCHAR NOT NULL, changes JSON NOT NULL)`);
      await c.run(
        `INSERT INTO feature_flag_activity VALUES
          ('old-1', 1, $1, TIMESTAMP '2026-01-01 10:00:00', 'Default key (phx_...abcd)', 'created', '{}'),
          ('old-2', 1, $1, TIMESTAMP '2026-01-02 10:00:00', 'admin@example.com', 'updated',
           '{"active": [true, false], "ensureExperienceContinuity": [false, true]}')`,
        [flag.json.id],
      );
      // Back to schema 7: every table a later migration created goes too, so each later one runs again.
      for (const table of LATER_TABLES) await c.run(`DROP TABLE ${table}`);
      await c.run('ALTER TABLE users DROP COLUMN current_team_id');
      await c.run('DELETE FROM schema_migrations WHERE version >= 8');
    });
    await db.close();

    const second = await start(dir);
    try {
      const api = client(second);
      const { results } = await api.log(`?scope=FeatureFlag&item_id=${flag.json.id}`);
      expect(results.map((e) => [e.id, e.activity, e.actor.kind, e.actor.name, e.detail.name])).toEqual([
        ['old-2', 'updated', 'member', 'admin@example.com', 'legacy'],
        ['old-1', 'created', 'personal_key', 'Default key (phx_...abcd)', 'legacy'],
      ]);
      expect(results[0]?.detail.changes).toEqual([
        { type: 'FeatureFlag', action: 'changed', field: 'active', before: true, after: false },
        {
          type: 'FeatureFlag',
          action: 'changed',
          field: 'ensure_experience_continuity',
          before: false,
          after: true,
        },
      ]);
      // A migrated entry is as revertable as a new one: its field names are the API's.
      await api.patch(`${API}/feature_flags/${flag.json.id}/`, {
        active: false,
        ensure_experience_continuity: true,
      });
      const reverted = await api.post(`${API}/feature_flags/${flag.json.id}/activity/old-2/revert/`, {});
      expect(reverted.json).toMatchObject({ active: true, ensure_experience_continuity: false, version: 3 });
    } finally {
      await second.close();
    }
  });
});
