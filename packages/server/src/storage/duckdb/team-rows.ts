import type { DuckDBConnection } from '@duckdb/node-api';

/** Tables whose `project_id` holds an environment id: the data an environment's key wrote. */
const ENVIRONMENT_TABLES = [
  'events',
  'persons',
  'person_distinct_ids',
  'person_overrides',
  'groups',
  'group_type_mapping',
  'cohort_static_members',
  'flag_hash_key_overrides',
  'project_secret_keys',
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
] as const;

/** The next id of the counter projects and environments share, taken inside the caller's transaction. */
export async function takeTeamId(c: DuckDBConnection): Promise<number> {
  const rows = (await c.runAndReadAll('SELECT next_id FROM team_id_counter')).getRowObjectsJS();
  const id = Number(rows[0]?.next_id ?? 1);
  await c.run('UPDATE team_id_counter SET next_id = $1', [id + 1]);
  return id;
}

export async function deleteEnvironmentRows(c: DuckDBConnection, environmentId: number): Promise<void> {
  for (const table of ENVIRONMENT_TABLES)
    await c.run(`DELETE FROM ${table} WHERE project_id = $1`, [environmentId]);
  await c.run('DELETE FROM feature_flag_environments WHERE environment_id = $1', [environmentId]);
  await c.run('DELETE FROM environments WHERE id = $1', [environmentId]);
}

export async function deleteProjectRows(c: DuckDBConnection, projectId: number): Promise<void> {
  const environments = (
    await c.runAndReadAll('SELECT id FROM environments WHERE project_id = $1', [projectId])
  ).getRowObjectsJS();
  for (const e of environments) await deleteEnvironmentRows(c, Number(e.id));
  await c.run(
    'DELETE FROM feature_flag_environments WHERE flag_id IN (SELECT id FROM feature_flags WHERE project_id = $1)',
    [projectId],
  );
  await c.run('DELETE FROM feature_flags WHERE project_id = $1', [projectId]);
  for (const table of PROJECT_TABLES) await c.run(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  await c.run('DELETE FROM projects WHERE id = $1', [projectId]);
}
