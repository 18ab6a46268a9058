import type { DuckDBConnection } from '@duckdb/node-api';
import { CliError } from '../../../cli/cli-error.ts';

const MAX_GROUP_TYPES = 5;

/** The indexes of the guide's `version` and `platform` group types, registering them if the project lacks them. */
export async function ensureGroupTypes(
  c: DuckDBConnection,
  projectId: number,
): Promise<{ version: number; platform: number }> {
  const rows = (
    await c.runAndReadAll(
      'SELECT group_type, group_type_index FROM group_type_mapping WHERE project_id = $1',
      [projectId],
    )
  ).getRowObjectsJS();
  const known = new Map(rows.map((r) => [String(r.group_type), Number(r.group_type_index)]));
  const taken = new Set(known.values());
  const indexOf = async (type: string): Promise<number> => {
    const existing = known.get(type);
    if (existing !== undefined) return existing;
    const free = [...Array(MAX_GROUP_TYPES).keys()].find((i) => !taken.has(i));
    if (free === undefined)
      throw new CliError('NO_FREE_GROUP_TYPE', `The project already has ${MAX_GROUP_TYPES} group types.`);
    taken.add(free);
    await c.run('INSERT INTO group_type_mapping VALUES ($1, $2, $3, now())', [projectId, type, free]);
    return free;
  };
  return { version: await indexOf('version'), platform: await indexOf('platform') };
}
