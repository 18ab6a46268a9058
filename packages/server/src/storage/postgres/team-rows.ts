import type { Executor } from './postgres-database.ts';

/** Tables whose `project_id` holds an environment id: the data an environment's key wrote. */
const ENVIRONMENT_TABLES = [
  'project_secret_keys',
  'cohort_static_members',
  'flag_hash_key_overrides',
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

/**
 * The next id of the counter projects and environments share. One UPDATE both reads and advances it, and its row
 * lock holds until the caller's transaction ends, so two nodes creating projects at once never get the same id.
 */
export async function takeTeamId(tx: Executor): Promise<number> {
  const [row] = await tx.run('UPDATE team_id_counter SET next_id = next_id + 1 RETURNING next_id - 1 AS id');
  if (typeof row?.id !== 'number') throw new Error('team_id_counter has no row');
  return row.id;
}

export async function deleteEnvironmentRows(tx: Executor, environmentId: number): Promise<void> {
  for (const table of ENVIRONMENT_TABLES)
    await tx.run(`DELETE FROM ${table} WHERE project_id = $1`, [environmentId]);
  await tx.run('DELETE FROM feature_flag_environments WHERE environment_id = $1', [environmentId]);
  await tx.run('DELETE FROM environments WHERE id = $1', [environmentId]);
}

export async function deleteProjectRows(tx: Executor, projectId: number): Promise<void> {
  const environments = await tx.run('SELECT id FROM environments WHERE project_id = $1', [projectId]);
  for (const e of environments) await deleteEnvironmentRows(tx, Number(e.id));
  await tx.run(
    'DELETE FROM feature_flag_environments WHERE flag_id IN (SELECT id FROM feature_flags WHERE project_id = $1)',
    [projectId],
  );
  await tx.run('DELETE FROM feature_flags WHERE project_id = $1', [projectId]);
  for (const table of PROJECT_TABLES) await tx.run(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  await tx.run('DELETE FROM projects WHERE id = $1', [projectId]);
}
