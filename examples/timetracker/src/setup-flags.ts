import type { FlagAdmin, FlagInput } from './flag-admin.ts';
import { FLAG_DEFINITIONS } from './flag-definitions.ts';

export interface SetupResult {
  created: string[];
  /** Already there: left as they are, so a rerun never undoes a rollout someone changed. */
  existing: string[];
}

/** Creates the flags the example reads that the project does not have yet. */
export async function setupFlags(
  admin: FlagAdmin,
  definitions: readonly FlagInput[] = FLAG_DEFINITIONS,
): Promise<SetupResult> {
  const result: SetupResult = { created: [], existing: [] };
  for (const definition of definitions) {
    if (await admin.find(definition.key)) {
      result.existing.push(definition.key);
      continue;
    }
    await admin.create(definition);
    result.created.push(definition.key);
  }
  return result;
}
