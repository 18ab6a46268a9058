import type { DuckDBConnection } from '@duckdb/node-api';
import {
  deleteEnvironmentRows as deleteEnvironment,
  deleteProjectRows as deleteProject,
  ENVIRONMENT_DATA_TABLES,
  ENVIRONMENT_STATE_TABLES,
  type TeamRowsSql,
} from '../team-deletion.ts';

/** The next id of the counter projects and environments share, taken inside the caller's transaction. */
export async function takeTeamId(c: DuckDBConnection): Promise<number> {
  const rows = (await c.runAndReadAll('SELECT next_id FROM team_id_counter')).getRowObjectsJS();
  const id = Number(rows[0]?.next_id ?? 1);
  await c.run('UPDATE team_id_counter SET next_id = $1', [id + 1]);
  return id;
}

// DuckDB holds events and identities too, so an environment's delete reaches them.
const sql = (c: DuckDBConnection): TeamRowsSql => ({
  run: (text, params) => c.run(text, params),
  ids: async (text, params) =>
    (await c.runAndReadAll(text, params)).getRowObjectsJS().map((r) => Number(r.id)),
  environmentTables: [...ENVIRONMENT_DATA_TABLES, ...ENVIRONMENT_STATE_TABLES],
});

export const deleteEnvironmentRows = (c: DuckDBConnection, environmentId: number) =>
  deleteEnvironment(sql(c), environmentId);

export const deleteProjectRows = (c: DuckDBConnection, projectId: number) => deleteProject(sql(c), projectId);
