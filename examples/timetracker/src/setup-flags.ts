import type { ExperimentAdmin, ExperimentInput } from './experiment-admin.ts';
import { EXPERIMENT_DEFINITIONS } from './experiment-definitions.ts';
import type { FlagAdmin, FlagInput } from './flag-admin.ts';
import { FLAG_DEFINITIONS } from './flag-definitions.ts';

export interface SetupAdmin {
  flags: FlagAdmin;
  experiments: ExperimentAdmin;
}

export interface SetupPlan {
  flags: readonly FlagInput[];
  experiments: readonly ExperimentInput[];
}

export interface SetupResult {
  /** Flags created, including those the experiments API made for a new experiment. */
  created: string[];
  /** Experiments created and launched now (by flag key). */
  launched: string[];
  /** Already there: left as they are, so a rerun never undoes a rollout, a stop or an edit someone made. */
  existing: string[];
}

/**
 * Creates the flags the example reads, and launches its experiments, where the project does not have them yet.
 * An experiment whose flag already exists (e.g. from before experiments were set up here) is started on that
 * flag, which keeps its variants; an experiment already on the flag, in any state, is left alone.
 */
export async function setupFlags(
  admin: SetupAdmin,
  plan: SetupPlan = { flags: FLAG_DEFINITIONS, experiments: EXPERIMENT_DEFINITIONS },
): Promise<SetupResult> {
  const result: SetupResult = { created: [], launched: [], existing: [] };
  for (const definition of plan.flags) {
    if (await admin.flags.find(definition.key)) {
      result.existing.push(definition.key);
      continue;
    }
    await admin.flags.create(definition);
    result.created.push(definition.key);
  }
  for (const { parameters, ...experiment } of plan.experiments) {
    const key = experiment.feature_flag_key;
    if (await admin.experiments.findByFlag(key)) {
      result.existing.push(key);
      continue;
    }
    const flagExists = (await admin.flags.find(key)) !== undefined;
    // Created already launched, so no run can stop halfway and leave a draft that later runs would skip.
    await admin.experiments.create({
      ...experiment,
      ...(flagExists || !parameters ? {} : { parameters }),
      start_date: new Date().toISOString(),
    });
    if (!flagExists) result.created.push(key);
    result.launched.push(key);
  }
  return result;
}
