import type { FlagOutcome } from './flag-outcome.ts';

/**
 * `{ flagKey: variant }` of the running experiments this user is in. A Signpost server says of every flag whether
 * it runs an experiment now (`has_experiment`), so only those count; a server that does not say (an older one)
 * leaves us with every multivariate flag that gave this user a variant.
 */
export function activeExperiments(outcomes: Iterable<FlagOutcome>): Record<string, string> {
  const list = [...outcomes];
  const serverMarks = list.some((o) => o.hasExperiment !== undefined);
  const result: Record<string, string> = {};
  for (const outcome of list) {
    if (typeof outcome.value !== 'string') continue;
    if (serverMarks ? outcome.hasExperiment === true : outcome.multivariate)
      result[outcome.key] = outcome.value;
  }
  return result;
}
