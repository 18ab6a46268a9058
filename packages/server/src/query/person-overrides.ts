import type { QueryRunner } from './query-runner.ts';

/**
 * Whether any of the project's distinct ids was mapped away from the person its events were written with.
 * Most projects never merge anyone who already had events, and then queries skip the override join.
 */
export async function hasPersonOverrides(
  runner: QueryRunner,
  projectId: number,
  timeoutMs: number,
): Promise<boolean> {
  const rows = await runner.run(
    'SELECT EXISTS (SELECT 1 FROM person_overrides WHERE project_id = $1) AS present',
    [projectId],
    { timeoutMs },
  );
  return rows[0]?.present === true;
}
