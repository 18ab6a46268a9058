/**
 * Deleting an environment or a project with everything stored under it, written once for every SQL engine (each
 * adapter passes its own statement runner, inside its own transaction). Table names come only from these lists.
 */

/** Tables whose `project_id` holds an environment id and that every engine's state store has. */
export const ENVIRONMENT_STATE_TABLES = [
  'project_secret_keys',
  'cohort_static_members',
  'cohort_computed_members',
  'cohort_computations',
  'flag_hash_key_overrides',
  'erasures',
  'event_definitions',
  'property_definitions',
] as const;

/** Tables whose `project_id` holds an environment id in an engine that also stores events and identities. */
export const ENVIRONMENT_DATA_TABLES = [
  'events',
  'persons',
  'person_distinct_ids',
  'person_overrides',
  'groups',
  'group_type_mapping',
  'event_daily_rollups',
] as const;

/** Tables whose `project_id` holds a project id: what members made, shared by the project's environments. */
const PROJECT_TABLES = [
  'cohorts',
  'insights',
  'dashboards',
  'experiments',
  'early_access_features',
  'activity_log',
  'memberships',
  'invitations',
  'personal_api_keys',
  'webhook_deliveries',
  'webhooks',
  'alerts',
  'flag_change_requests',
  'flag_approval_settings',
  'scheduled_changes',
  'annotations',
  'project_data_settings',
] as const;

export interface TeamRowsSql {
  run(sql: string, params: number[]): Promise<unknown>;
  ids(sql: string, params: number[]): Promise<number[]>;
  /** The environment-keyed tables this engine holds. */
  environmentTables: readonly string[];
}

export async function deleteEnvironmentRows(db: TeamRowsSql, environmentId: number): Promise<void> {
  for (const table of db.environmentTables)
    await db.run(`DELETE FROM ${table} WHERE project_id = $1`, [environmentId]);
  await db.run('DELETE FROM feature_flag_environments WHERE environment_id = $1', [environmentId]);
  await db.run('DELETE FROM flag_usage WHERE environment_id = $1', [environmentId]);
  await db.run('DELETE FROM scheduled_changes WHERE environment_id = $1', [environmentId]);
  await db.run('DELETE FROM environments WHERE id = $1', [environmentId]);
}

export async function deleteProjectRows(db: TeamRowsSql, projectId: number): Promise<void> {
  for (const id of await db.ids('SELECT id FROM environments WHERE project_id = $1', [projectId]))
    await deleteEnvironmentRows(db, id);
  await db.run(
    'DELETE FROM feature_flag_environments WHERE flag_id IN (SELECT id FROM feature_flags WHERE project_id = $1)',
    [projectId],
  );
  await db.run('DELETE FROM feature_flags WHERE project_id = $1', [projectId]);
  for (const table of PROJECT_TABLES) await db.run(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  await db.run('DELETE FROM projects WHERE id = $1', [projectId]);
}
