import type { DuckDBConnection } from '@duckdb/node-api';
import { personIdSql } from './person-id-sql.ts';

/**
 * Versioned, append-only schema history: a released migration is never edited, a change is a new entry.
 * Persons, distinct ids and groups are written as new versions rather than updated in place (the newest
 * version wins on read), which keeps writes to appends, the cheap operation in a columnar store, and maps
 * one-to-one onto ClickHouse's ReplacingMergeTree later.
 */
const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, api_token VARCHAR NOT NULL UNIQUE,
        timezone VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
      CREATE TABLE personal_api_keys (
        id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL UNIQUE,
        mask_value VARCHAR NOT NULL, project_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL);
      CREATE TABLE events (
        project_id INTEGER NOT NULL, uuid UUID NOT NULL, event VARCHAR NOT NULL, distinct_id VARCHAR NOT NULL,
        person_id UUID NOT NULL, timestamp TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL,
        properties JSON NOT NULL,
        group_0 VARCHAR NOT NULL DEFAULT '', group_1 VARCHAR NOT NULL DEFAULT '', group_2 VARCHAR NOT NULL DEFAULT '',
        group_3 VARCHAR NOT NULL DEFAULT '', group_4 VARCHAR NOT NULL DEFAULT '');
      CREATE TABLE persons (
        project_id INTEGER NOT NULL, id UUID NOT NULL, created_at TIMESTAMP NOT NULL, properties JSON NOT NULL,
        is_identified BOOLEAN NOT NULL, is_deleted BOOLEAN NOT NULL, version BIGINT NOT NULL);
      CREATE TABLE person_distinct_ids (
        project_id INTEGER NOT NULL, distinct_id VARCHAR NOT NULL, person_id UUID NOT NULL, version BIGINT NOT NULL);
      CREATE TABLE groups (
        project_id INTEGER NOT NULL, group_type_index INTEGER NOT NULL, group_key VARCHAR NOT NULL,
        properties JSON NOT NULL, created_at TIMESTAMP NOT NULL, version BIGINT NOT NULL);
      CREATE TABLE group_type_mapping (
        project_id INTEGER NOT NULL, group_type VARCHAR NOT NULL, group_type_index INTEGER NOT NULL,
        created_at TIMESTAMP NOT NULL, PRIMARY KEY (project_id, group_type_index));
    `,
  },
  {
    version: 2,
    name: 'feature flags and cohorts',
    sql: `
      CREATE TABLE feature_flags (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, key VARCHAR NOT NULL, data JSON NOT NULL,
        version INTEGER NOT NULL, deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
      CREATE TABLE feature_flag_activity (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, flag_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL, action VARCHAR NOT NULL, changes JSON NOT NULL);
      CREATE TABLE flag_hash_key_overrides (
        project_id INTEGER NOT NULL, person_id UUID NOT NULL, flag_key VARCHAR NOT NULL, hash_key VARCHAR NOT NULL);
      CREATE TABLE cohorts (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
      CREATE TABLE cohort_static_members (project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, distinct_id VARCHAR NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'users and sessions',
    sql: `
      CREATE TABLE users (
        id VARCHAR PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, password_hash VARCHAR NOT NULL,
        project_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL);
      CREATE TABLE sessions (
        token_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 4,
    name: 'saved insights and dashboards',
    sql: `
      CREATE TABLE insights (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, short_id VARCHAR NOT NULL UNIQUE, data JSON NOT NULL,
        version INTEGER NOT NULL, deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
      CREATE TABLE dashboards (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 5,
    name: 'experiments',
    sql: `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 6,
    name: 'person overrides',
    // Events keep the person id they were written with, which is always the deterministic id of one
    // distinct id; a row here says that id's events now belong to another person. The backfill derives
    // the rows from the mapping history that older versions wrote.
    sql: `
      CREATE TABLE person_overrides (
        project_id INTEGER NOT NULL, old_person_id UUID NOT NULL, person_id UUID NOT NULL, version BIGINT NOT NULL);
      INSERT INTO person_overrides
        SELECT project_id, old_person_id, person_id, version FROM (
          SELECT project_id, ${personIdSql('project_id', 'distinct_id')} AS old_person_id, person_id, version
          FROM person_distinct_ids)
        WHERE old_person_id <> person_id;
    `,
  },
  {
    version: 7,
    name: 'members, roles, invitations, scoped personal keys',
    // Every user so far was the one admin of their project: they become its admin member. Keys made before
    // scopes existed keep full rights ('*') and belong to nobody (the installation key printed at first start).
    sql: `
      ALTER TABLE users ADD COLUMN name VARCHAR DEFAULT '';
      ALTER TABLE users ADD COLUMN status VARCHAR DEFAULT 'active';
      CREATE TABLE memberships (
        project_id INTEGER NOT NULL, user_id VARCHAR NOT NULL, role VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (project_id, user_id));
      INSERT INTO memberships SELECT project_id, id, 'admin', created_at FROM users;
      CREATE TABLE invitations (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, email VARCHAR NOT NULL, role VARCHAR NOT NULL,
        token_hash VARCHAR NOT NULL UNIQUE, created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL, accepted_at TIMESTAMP);
      CREATE TABLE password_resets (
        token_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL, used_at TIMESTAMP);
      ALTER TABLE personal_api_keys ADD COLUMN user_id VARCHAR;
      ALTER TABLE personal_api_keys ADD COLUMN scopes JSON DEFAULT '["*"]';
      ALTER TABLE personal_api_keys ADD COLUMN expires_at TIMESTAMP;
      ALTER TABLE personal_api_keys ADD COLUMN last_used_at TIMESTAMP;
    `,
  },
  {
    version: 8,
    name: 'activity log',
    // One append-only stream of every change in a project. The per-flag history moves in: its
    // {field: [before, after]} map becomes PostHog's detail.changes list (camelCase fields become the API's
    // snake_case names, so a revert can send them back through the API schema), and the actor kind is
    // read from the old display string (an email is a member, "label (phx_…)" a personal key).
    sql: `
      CREATE TABLE activity_log (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, scope VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
        activity VARCHAR NOT NULL, actor_kind VARCHAR NOT NULL, actor_id VARCHAR, actor_name VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, name VARCHAR, changes JSON NOT NULL, reason VARCHAR, revert_of VARCHAR);
      INSERT INTO activity_log
        SELECT a.id, a.project_id, 'FeatureFlag', CAST(a.flag_id AS VARCHAR), a.action,
          CASE WHEN a.actor LIKE '%@%' THEN 'member' WHEN a.actor LIKE '%(phx_%' THEN 'personal_key' ELSE 'system' END,
          NULL, a.actor, a.created_at, f.key,
          coalesce((
            SELECT to_json(list(json_object(
              'type', 'FeatureFlag', 'action', 'changed',
              'field', lower(regexp_replace(k, '([A-Z])', '_\\1', 'g')),
              'before', json_extract(a.changes, '$."' || k || '"[0]'),
              'after', json_extract(a.changes, '$."' || k || '"[1]')) ORDER BY k))
            FROM unnest(json_keys(a.changes)) AS t(k)), '[]'),
          NULL, NULL
        FROM feature_flag_activity a LEFT JOIN feature_flags f ON f.id = a.flag_id;
      DROP TABLE feature_flag_activity;
    `,
  },
  {
    version: 9,
    name: 'project secret keys',
    sql: `
      CREATE TABLE project_secret_keys (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, label VARCHAR NOT NULL,
        secret_hash VARCHAR NOT NULL UNIQUE, mask_value VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL, expires_at TIMESTAMP);
    `,
  },
  {
    version: 10,
    name: 'early access features',
    sql: `
      CREATE TABLE early_access_features (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 11,
    name: 'environments',
    // Each project so far becomes its own first environment, "production", with the same id and key, so every
    // row stored under the project id is that environment's. A flag's row keeps the first environment's
    // configuration; other environments' configurations get rows of their own. Ids come from one counter shared
    // with projects and never go back, so a deleted environment's id (and its cached state) is never reused.
    sql: `
      CREATE TABLE environments (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL, name VARCHAR NOT NULL, api_token VARCHAR NOT NULL UNIQUE,
        production BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL);
      INSERT INTO environments SELECT id, id, 'production', api_token, true, created_at FROM projects;
      CREATE TABLE team_id_counter (next_id INTEGER NOT NULL);
      INSERT INTO team_id_counter SELECT coalesce(max(id), 0) + 1 FROM projects;
      CREATE TABLE feature_flag_environments (
        flag_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, data JSON NOT NULL, updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (flag_id, environment_id));
      ALTER TABLE users ADD COLUMN current_team_id INTEGER;
      ALTER TABLE activity_log ADD COLUMN environment_id INTEGER;
    `,
  },
  {
    version: 12,
    name: 'flag usage',
    // Counters flushed from memory every few seconds; a flush adds to the day's row (see FlagUsageStore).
    sql: `
      CREATE TABLE flag_usage (
        environment_id INTEGER NOT NULL, flag_key VARCHAR NOT NULL, day DATE NOT NULL, value VARCHAR NOT NULL,
        count BIGINT NOT NULL, PRIMARY KEY (environment_id, flag_key, day, value));
    `,
  },
  {
    version: 13,
    name: 'webhooks and their outbox',
    // No secondary indexes: DuckDB checks index constraints eagerly on UPDATE, and deliveries are updated on
    // every attempt; the outbox stays small (delivered rows are few per change) and is scanned.
    sql: `
      CREATE TABLE webhooks (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, url VARCHAR NOT NULL, events VARCHAR NOT NULL,
        format VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, secret VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL, consecutive_failures INTEGER NOT NULL, failing BOOLEAN NOT NULL);
      CREATE TABLE webhook_deliveries (
        id VARCHAR PRIMARY KEY, webhook_id VARCHAR NOT NULL, project_id INTEGER NOT NULL, event VARCHAR NOT NULL,
        body VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TIMESTAMP NOT NULL,
        created_at TIMESTAMP NOT NULL, response_status INTEGER, duration_ms INTEGER, response VARCHAR,
        last_attempt_at TIMESTAMP);
    `,
  },
  {
    version: 14,
    name: 'scheduled flag changes and rollout plans',
    // No secondary indexes, as for webhook deliveries: rows are updated when claimed, and the table stays small.
    sql: `
      CREATE TABLE scheduled_changes (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL,
        record_id INTEGER NOT NULL, model_name VARCHAR NOT NULL, payload VARCHAR NOT NULL,
        scheduled_at TIMESTAMP NOT NULL, executed_at TIMESTAMP, failure_reason VARCHAR, cancelled_at TIMESTAMP,
        plan_id VARCHAR, step INTEGER, created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL);
    `,
  },
  {
    version: 15,
    name: 'flag change requests',
    // A request is one JSON document (its diff and approvals are read whole); the columns are what lists filter on.
    sql: `
      CREATE TABLE flag_approval_settings (
        project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, required INTEGER NOT NULL,
        PRIMARY KEY (project_id, environment_id));
      CREATE TABLE flag_change_requests (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL,
        flag_id INTEGER NOT NULL, status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, revision INTEGER NOT NULL,
        data VARCHAR NOT NULL);
    `,
  },
  {
    version: 16,
    name: 'alerts and guardrails',
    // One row per insight alert or flag guardrail. No secondary index: every check updates its row, and DuckDB
    // checks index constraints eagerly on UPDATE; a project has few alerts, so the claim scans.
    sql: `
      CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, environment_id INTEGER NOT NULL, kind VARCHAR NOT NULL,
        config VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, state VARCHAR NOT NULL,
        last_value DOUBLE, last_checked_at TIMESTAMP, last_message VARCHAR, next_check_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 17,
    name: 'plan steps wait on guardrails',
    // The guardrail ids are a JSON list (read whole with the step); a paused step is skipped by the claim.
    sql: `
      ALTER TABLE scheduled_changes ADD COLUMN guardrails VARCHAR;
      ALTER TABLE scheduled_changes ADD COLUMN paused_at TIMESTAMP;
      ALTER TABLE scheduled_changes ADD COLUMN pause_reason VARCHAR;
      ALTER TABLE scheduled_changes ADD COLUMN guardrails_waived_by VARCHAR;
    `,
  },
  {
    version: 18,
    name: 'person erasure records',
    // The record holds counts only (never the erased values); the secret keys anonymised tokens, one row ever.
    sql: `
      CREATE TABLE erasures (
        id VARCHAR PRIMARY KEY, project_id INTEGER NOT NULL, mode VARCHAR NOT NULL, requested_by VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, counts VARCHAR NOT NULL);
      CREATE TABLE erasure_secrets (id INTEGER PRIMARY KEY, secret VARCHAR NOT NULL);
    `,
  },
  {
    version: 19,
    name: 'project data settings and daily event rollups',
    // Settings: one row per project (absent = defaults). Rollups: written by the retention job just before it
    // deletes a day's raw events, keyed like events by environment id; a day is rolled up once, whole.
    sql: `
      CREATE TABLE project_data_settings (
        project_id INTEGER PRIMARY KEY, ip_handling VARCHAR NOT NULL, personal_property_keys VARCHAR NOT NULL,
        event_retention_days INTEGER, rollups_enabled BOOLEAN NOT NULL, stale_days INTEGER NOT NULL);
      CREATE TABLE event_daily_rollups (
        project_id INTEGER NOT NULL, day DATE NOT NULL, event VARCHAR NOT NULL, count BIGINT NOT NULL,
        persons BIGINT NOT NULL, PRIMARY KEY (project_id, day, event));
    `,
  },
  {
    version: 21,
    name: 'annotations',
    // No secondary index: a project has a few hundred notes at most, and DuckDB checks index constraints
    // eagerly on UPDATE (see alerts). Ids are counted by the single writer at insert (see annotation-sql.ts).
    sql: `
      CREATE TABLE annotations (
        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL,
        content VARCHAR NOT NULL, date_marker TIMESTAMP NOT NULL, scope VARCHAR NOT NULL, dashboard_item INTEGER,
        creation_type VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL, deleted BOOLEAN NOT NULL);
    `,
  },
  {
    version: 22,
    name: 'behavioural cohort memberships',
    // The membership job's last answer per cohort and environment (`project_id` holds the environment id, as for
    // static members). A run row per pair, so "computed at" survives an empty membership. No index: each pair is
    // replaced whole and read whole at start.
    sql: `
      CREATE TABLE cohort_computed_members (project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, distinct_id VARCHAR NOT NULL);
      CREATE TABLE cohort_computations (project_id INTEGER NOT NULL, cohort_id INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL);
    `,
  },
  {
    version: 23,
    name: 'event and property definitions',
    // Merged into by the definitions recorder (ON CONFLICT on the natural key); looked up by id only for one
    // PATCH, on tables of a few thousand rows per environment. The watermark says up to which event creation
    // time the counts are complete, so a restart re-scans only what the last flush had not covered.
    sql: `
      CREATE TABLE event_definitions (
        project_id INTEGER NOT NULL, name VARCHAR NOT NULL, id VARCHAR NOT NULL,
        first_seen_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL, volume BIGINT NOT NULL,
        description VARCHAR NOT NULL, verified BOOLEAN NOT NULL, verified_at TIMESTAMP, hidden BOOLEAN NOT NULL,
        updated_at TIMESTAMP, updated_by VARCHAR, PRIMARY KEY (project_id, name));
      CREATE TABLE property_definitions (
        project_id INTEGER NOT NULL, kind VARCHAR NOT NULL, group_type_index INTEGER NOT NULL,
        name VARCHAR NOT NULL, id VARCHAR NOT NULL, property_type VARCHAR, first_seen_at TIMESTAMP NOT NULL,
        description VARCHAR NOT NULL, verified BOOLEAN NOT NULL, verified_at TIMESTAMP, hidden BOOLEAN NOT NULL,
        updated_at TIMESTAMP, updated_by VARCHAR, PRIMARY KEY (project_id, kind, group_type_index, name));
      CREATE TABLE definition_watermark (id INTEGER PRIMARY KEY, accounted_until TIMESTAMP NOT NULL);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export async function migrate(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  const rows = (
    await connection.runAndReadAll('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')
  ).getRowObjectsJS();
  const current = Number(rows[0]?.v ?? 0);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `The data folder was written by a newer Signpost (schema ${current}, this build knows ${LATEST_SCHEMA_VERSION}). Upgrade Signpost.`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(m.sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
}
