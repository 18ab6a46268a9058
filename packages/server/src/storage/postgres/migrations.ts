import type { PostgresDatabase } from './postgres-database.ts';

/**
 * Versioned, append-only schema history for PostgreSQL: a released migration is never edited, a change is a new
 * entry. Version 1 is the DuckDB schema as of its migration 11 (projects and environments sharing one id space),
 * written for PostgreSQL: TIMESTAMPTZ so the driver never reads a time in the server's zone, and `json` documents.
 */
const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'metadata: projects, environments, keys, members, activity log, flags, cohorts, saved objects',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, api_token TEXT NOT NULL UNIQUE, timezone TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE environments (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, name TEXT NOT NULL, api_token TEXT NOT NULL UNIQUE,
        production BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL);
      CREATE INDEX environments_project ON environments (project_id);
      CREATE TABLE team_id_counter (next_id INTEGER NOT NULL);
      INSERT INTO team_id_counter VALUES (1);
      CREATE TABLE personal_api_keys (
        id TEXT PRIMARY KEY, label TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, mask_value TEXT NOT NULL,
        project_id INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL, user_id TEXT, scopes JSON NOT NULL,
        expires_at TIMESTAMPTZ, last_used_at TIMESTAMPTZ);
      CREATE TABLE project_secret_keys (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, label TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE,
        mask_value TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL, expires_at TIMESTAMPTZ);
      CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, project_id INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',
        current_team_id INTEGER);
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_token TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL);
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE memberships (
        project_id INTEGER NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (project_id, user_id));
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL, accepted_at TIMESTAMPTZ);
      CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ);
      CREATE TABLE activity_log (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, scope TEXT NOT NULL, item_id TEXT NOT NULL,
        activity TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT, actor_name TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, name TEXT, changes JSON NOT NULL, reason TEXT, revert_of TEXT,
        environment_id INTEGER);
      CREATE INDEX activity_log_newest ON activity_log (project_id, created_at DESC, id DESC);
      CREATE TABLE feature_flags (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, key TEXT NOT NULL, data JSON NOT NULL,
        version INTEGER NOT NULL, deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE feature_flag_environments (
        flag_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, data JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (flag_id, environment_id));
      CREATE TABLE flag_hash_key_overrides (
        project_id INTEGER NOT NULL, person_id UUID NOT NULL, flag_key TEXT NOT NULL, hash_key TEXT NOT NULL);
      CREATE TABLE cohorts (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE cohort_static_members (project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, distinct_id TEXT NOT NULL);
      CREATE INDEX cohort_static_members_cohort ON cohort_static_members (cohort_id);
      CREATE TABLE insights (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, short_id TEXT NOT NULL UNIQUE, data JSON NOT NULL,
        version INTEGER NOT NULL, deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE dashboards (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE early_access_features (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'identity: persons, distinct ids, overrides, groups and group types as the source of truth',
    // One row per identity (not DuckDB's append-only versions): several nodes update them in place, each
    // checking the version it computed from. Documents stay TEXT: jsonb refuses the \u0000 escapes JSON allows.
    sql: `
      CREATE TABLE persons (
        project_id INTEGER NOT NULL, id UUID PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, properties TEXT NOT NULL,
        is_identified BOOLEAN NOT NULL, is_deleted BOOLEAN NOT NULL, version BIGINT NOT NULL);
      CREATE INDEX persons_project ON persons (project_id);
      -- One sequence for every node, so copies read with argMax(version) agree on which mapping is newest.
      CREATE SEQUENCE person_distinct_id_version;
      CREATE TABLE person_distinct_ids (
        project_id INTEGER NOT NULL, distinct_id TEXT NOT NULL, person_id UUID NOT NULL,
        version BIGINT NOT NULL DEFAULT nextval('person_distinct_id_version'),
        PRIMARY KEY (project_id, distinct_id));
      CREATE INDEX person_distinct_ids_person ON person_distinct_ids (person_id);
      CREATE TABLE person_overrides (
        project_id INTEGER NOT NULL, old_person_id UUID NOT NULL, person_id UUID NOT NULL, version BIGINT NOT NULL,
        PRIMARY KEY (project_id, old_person_id));
      CREATE TABLE groups (
        project_id INTEGER NOT NULL, group_type_index INTEGER NOT NULL, group_key TEXT NOT NULL,
        properties TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, version BIGINT NOT NULL,
        PRIMARY KEY (project_id, group_type_index, group_key));
      CREATE TABLE group_type_mapping (
        project_id INTEGER NOT NULL, group_type TEXT NOT NULL, group_type_index INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (project_id, group_type_index), UNIQUE (project_id, group_type));
      CREATE INDEX flag_hash_key_overrides_person ON flag_hash_key_overrides (project_id, person_id);
      CREATE INDEX cohort_static_members_member ON cohort_static_members (project_id, distinct_id);
    `,
  },
  {
    version: 3,
    name: 'change feed: metadata tables notify the topic of the cache that holds them',
    // Statement triggers, not row triggers: a transaction touching many rows of one table notifies once, and
    // PostgreSQL folds identical notifications of one transaction into one, delivered only if it commits.
    // Not notified: team_id_counter (an id source, cached nowhere), password_resets and activity_log (read
    // from the store on every use). Identity tables have their own channel, written by ingestion.
    sql: `
      CREATE FUNCTION signpost_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('signpost_changes', TG_ARGV[0]);
        RETURN NULL;
      END $$;
      ${[
        ['projects', 'projects'],
        ['environments', 'projects'],
        ['personal_api_keys', 'keys'],
        ['project_secret_keys', 'keys'],
        ['users', 'members'],
        ['memberships', 'members'],
        ['invitations', 'members'],
        ['sessions', 'sessions'],
        ['feature_flags', 'flags'],
        ['feature_flag_environments', 'flags'],
        ['flag_hash_key_overrides', 'hash_key_overrides'],
        ['cohorts', 'cohorts'],
        ['cohort_static_members', 'cohorts'],
        ['insights', 'insights'],
        ['dashboards', 'dashboards'],
        ['experiments', 'experiments'],
        ['early_access_features', 'early_access'],
      ]
        .map(
          ([table, topic]) =>
            `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
             FOR EACH STATEMENT EXECUTE FUNCTION signpost_notify_change('${topic}');`,
        )
        .join('\n      ')}
    `,
  },
  {
    version: 4,
    name: 'flag usage',
    // Every node flushes its own counters here; the primary key is what their additive upserts meet on.
    sql: `
      CREATE TABLE flag_usage (
        environment_id INTEGER NOT NULL, flag_key TEXT NOT NULL, day DATE NOT NULL, value TEXT NOT NULL,
        count BIGINT NOT NULL, PRIMARY KEY (environment_id, flag_key, day, value));
    `,
  },
  {
    version: 5,
    name: 'webhooks and their outbox',
    // Every node polls the outbox: the partial index keeps that a look at due rows only, however long the log.
    sql: `
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL,
        format TEXT NOT NULL, enabled BOOLEAN NOT NULL, secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        created_by TEXT NOT NULL, consecutive_failures INTEGER NOT NULL, failing BOOLEAN NOT NULL);
      CREATE INDEX webhooks_project ON webhooks (project_id);
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, project_id INTEGER NOT NULL, event TEXT NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TIMESTAMPTZ NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, response_status INTEGER, duration_ms INTEGER, response TEXT,
        last_attempt_at TIMESTAMPTZ);
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
        WHERE status IN ('pending', 'sending');
      CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
    `,
  },
  {
    version: 6,
    name: 'object ids from sequences every node shares; one hash-key override per person and flag',
    // Each node used to count ids in memory: two nodes creating at the same moment would pick the same one.
    // Two nodes may also both record a person's experience-continuity key: the first one written wins.
    sql: `
      DELETE FROM flag_hash_key_overrides a USING flag_hash_key_overrides b
        WHERE a.ctid > b.ctid AND a.project_id = b.project_id AND a.person_id = b.person_id
          AND a.flag_key = b.flag_key;
      CREATE UNIQUE INDEX flag_hash_key_overrides_one ON flag_hash_key_overrides (project_id, person_id, flag_key);
      CREATE SEQUENCE feature_flags_ids;
      SELECT setval('feature_flags_ids', coalesce((SELECT max(id) FROM feature_flags), 0) + 1, false);
      CREATE SEQUENCE cohorts_ids;
      SELECT setval('cohorts_ids', coalesce((SELECT max(id) FROM cohorts), 0) + 1, false);
      CREATE SEQUENCE insights_ids;
      SELECT setval('insights_ids', coalesce((SELECT max(id) FROM insights), 0) + 1, false);
      CREATE SEQUENCE dashboards_ids;
      SELECT setval('dashboards_ids', coalesce((SELECT max(id) FROM dashboards), 0) + 1, false);
      CREATE SEQUENCE experiments_ids;
      SELECT setval('experiments_ids', coalesce((SELECT max(id) FROM experiments), 0) + 1, false);
      CREATE SEQUENCE early_access_features_ids;
      SELECT setval('early_access_features_ids', coalesce((SELECT max(id) FROM early_access_features), 0) + 1, false);
    `,
  },
  {
    version: 7,
    name: 'scheduled flag changes and rollout plans',
    // Every node's scheduler polls for due rows: the partial index keeps that a look at pending rows only.
    sql: `
      CREATE TABLE scheduled_changes (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL,
        record_id INTEGER NOT NULL, model_name TEXT NOT NULL, payload TEXT NOT NULL,
        scheduled_at TIMESTAMPTZ NOT NULL, executed_at TIMESTAMPTZ, failure_reason TEXT, cancelled_at TIMESTAMPTZ,
        plan_id TEXT, step INTEGER, created_at TIMESTAMPTZ NOT NULL, created_by TEXT NOT NULL);
      CREATE INDEX scheduled_changes_due ON scheduled_changes (scheduled_at)
        WHERE executed_at IS NULL AND cancelled_at IS NULL;
      CREATE INDEX scheduled_changes_record ON scheduled_changes (project_id, record_id);
      CREATE INDEX scheduled_changes_plan ON scheduled_changes (plan_id) WHERE plan_id IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'flag change requests',
    // Read from the store on every review (no cache, so no change-feed trigger); the index serves the list screen.
    sql: `
      CREATE TABLE flag_approval_settings (
        project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, required INTEGER NOT NULL,
        PRIMARY KEY (project_id, environment_id));
      CREATE TABLE flag_change_requests (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL,
        flag_id INTEGER NOT NULL, status TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, revision INTEGER NOT NULL,
        data TEXT NOT NULL);
      CREATE INDEX flag_change_requests_list ON flag_change_requests (project_id, created_at DESC, id DESC);
    `,
  },
  {
    version: 9,
    name: 'alerts and guardrails',
    // Every node's scheduler claims due rows (FOR UPDATE SKIP LOCKED), so the claim has an index to walk.
    sql: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, kind TEXT NOT NULL,
        config TEXT NOT NULL, enabled BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL, state TEXT NOT NULL,
        last_value DOUBLE PRECISION, last_checked_at TIMESTAMPTZ, last_message TEXT,
        next_check_at TIMESTAMPTZ NOT NULL);
      CREATE INDEX alerts_project ON alerts (project_id);
      CREATE INDEX alerts_due ON alerts (next_check_at) WHERE enabled;
    `,
  },
  {
    version: 10,
    name: 'plan steps wait on guardrails',
    // Read from the store like the rest of the table (no cache, so no change-feed trigger to add).
    sql: `
      ALTER TABLE scheduled_changes ADD COLUMN guardrails TEXT, ADD COLUMN paused_at TIMESTAMPTZ,
        ADD COLUMN pause_reason TEXT, ADD COLUMN guardrails_waived_by TEXT;
    `,
  },
  {
    version: 11,
    name: 'person erasure records',
    // Counts only, never the erased values; read from the store on every use, so no change-feed trigger.
    sql: `
      CREATE TABLE erasures (
        id TEXT PRIMARY KEY, project_id INTEGER NOT NULL, mode TEXT NOT NULL, requested_by TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, counts TEXT NOT NULL);
      CREATE INDEX erasures_project ON erasures (project_id, created_at DESC, id DESC);
      CREATE TABLE erasure_secrets (id INTEGER PRIMARY KEY, secret TEXT NOT NULL);
    `,
  },
  {
    version: 12,
    name: 'project data settings',
    // Every node holds the settings in memory (ingestion reads ip handling per event), so a change notifies the
    // topic of the project cache, which reloads them.
    sql: `
      CREATE TABLE project_data_settings (
        project_id INTEGER PRIMARY KEY, ip_handling TEXT NOT NULL, personal_property_keys TEXT NOT NULL,
        event_retention_days INTEGER, rollups_enabled BOOLEAN NOT NULL, stale_days INTEGER NOT NULL);
      CREATE TRIGGER project_data_settings_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
        ON project_data_settings FOR EACH STATEMENT EXECUTE FUNCTION signpost_notify_change('projects');
    `,
  },
  {
    version: 14,
    name: 'annotations',
    // Charts ask for the notes of one project in a date range, newest first; deleted ones are never listed.
    sql: `
      CREATE TABLE annotations (
        id SERIAL PRIMARY KEY, project_id INTEGER NOT NULL, content TEXT NOT NULL,
        date_marker TIMESTAMPTZ NOT NULL, scope TEXT NOT NULL, dashboard_item INTEGER, creation_type TEXT NOT NULL,
        created_by TEXT, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
        deleted BOOLEAN NOT NULL);
      CREATE INDEX annotations_project_date ON annotations (project_id, date_marker DESC) WHERE NOT deleted;
    `,
  },
  {
    version: 15,
    name: 'behavioural cohort memberships',
    // The membership job's last answer per cohort and environment (`project_id` holds the environment id). Each
    // node computes its own and reloads the table only at start, so no change-feed trigger.
    sql: `
      CREATE TABLE cohort_computed_members (project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, distinct_id TEXT NOT NULL);
      CREATE INDEX cohort_computed_members_cohort ON cohort_computed_members (cohort_id, project_id);
      CREATE TABLE cohort_computations (
        project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, computed_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (cohort_id, project_id));
    `,
  },
  {
    version: 16,
    name: 'event and property definitions',
    // Every node merges its recorder's counts in with ON CONFLICT; ids are UUIDs made by the writer.
    sql: `
      CREATE TABLE event_definitions (
        project_id INTEGER NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
        first_seen_at TIMESTAMPTZ NOT NULL, last_seen_at TIMESTAMPTZ NOT NULL, volume BIGINT NOT NULL,
        description TEXT NOT NULL, verified BOOLEAN NOT NULL, verified_at TIMESTAMPTZ, hidden BOOLEAN NOT NULL,
        updated_at TIMESTAMPTZ, updated_by TEXT, PRIMARY KEY (project_id, name));
      CREATE TABLE property_definitions (
        project_id INTEGER NOT NULL, kind TEXT NOT NULL, group_type_index INTEGER NOT NULL, name TEXT NOT NULL,
        id TEXT NOT NULL UNIQUE, property_type TEXT, first_seen_at TIMESTAMPTZ NOT NULL, description TEXT NOT NULL,
        verified BOOLEAN NOT NULL, verified_at TIMESTAMPTZ, hidden BOOLEAN NOT NULL, updated_at TIMESTAMPTZ,
        updated_by TEXT, PRIMARY KEY (project_id, kind, group_type_index, name));
      CREATE TABLE definition_watermark (id INTEGER PRIMARY KEY, accounted_until TIMESTAMPTZ NOT NULL);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
/** Every version this build applies, in order (numbers are handed out per feature, so a branch may skip some). */
export const SCHEMA_VERSIONS: readonly number[] = MIGRATIONS.map((m) => m.version);

/** Any fixed 64-bit number, the same in every Signpost build: the session lock that serialises migrations. */
const MIGRATION_LOCK = 0x5167_6e70_0001;

/**
 * Brings the schema up to date. Nodes starting together each take the advisory lock in turn: the first migrates,
 * the others find the work done. Each migration commits with its version row, so a crash leaves no half schema.
 */
export async function migrate(db: PostgresDatabase): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
      );
      const { rows } = await client.query<{ v: number }>(
        'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
      );
      const current = rows[0]?.v ?? 0;
      if (current > LATEST_SCHEMA_VERSION)
        throw new Error(
          `The PostgreSQL database was written by a newer Signpost (schema ${current}, this build knows ${LATEST_SCHEMA_VERSION}). Upgrade Signpost.`,
        );
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
