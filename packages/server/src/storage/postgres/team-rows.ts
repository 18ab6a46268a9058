import {
  deleteEnvironmentRows as deleteEnvironment,
  deleteProjectRows as deleteProject,
  ENVIRONMENT_STATE_TABLES,
  type TeamRowsSql,
} from '../team-deletion.ts';
import type { Executor } from './postgres-database.ts';

/**
 * The next id of the counter projects and environments share. One UPDATE both reads and advances it, and its row
 * lock holds until the caller's transaction ends, so two nodes creating projects at once never get the same id.
 */
export async function takeTeamId(tx: Executor): Promise<number> {
  const [row] = await tx.run('UPDATE team_id_counter SET next_id = next_id + 1 RETURNING next_id - 1 AS id');
  if (typeof row?.id !== 'number') throw new Error('team_id_counter has no row');
  return row.id;
}

// PostgreSQL holds state only (events and identities are ClickHouse's), so an environment's delete stops there.
const sql = (tx: Executor): TeamRowsSql => ({
  run: (text, params) => tx.run(text, params),
  ids: async (text, params) => (await tx.run(text, params)).map((r) => Number(r.id)),
  environmentTables: ENVIRONMENT_STATE_TABLES,
});

export const deleteEnvironmentRows = (tx: Executor, environmentId: number) =>
  deleteEnvironment(sql(tx), environmentId);

export const deleteProjectRows = (tx: Executor, projectId: number) => deleteProject(sql(tx), projectId);
