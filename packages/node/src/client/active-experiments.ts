import type { FlagOutcome } from './flag-outcome.ts';

/**
 * `{ flagKey: variant }` of the experiments this user is in. Once the server marks experiments
 * (`has_experiment`), only marked flags count; until then every multivariate flag that gave this user a
 * variant is treated as one, which is how apps used multivariate flags before experiments existed.
 */
export function activeExperiments(outcomes: Iterable<FlagOutcome>): Record<string, string> {
  const list = [...outcomes];
  const marked = list.some((o) => o.hasExperiment === true);
  const result: Record<string, string> = {};
  for (const outcome of list) {
    if (typeof outcome.value !== 'string') continue;
    if (marked ? outcome.hasExperiment === true : outcome.multivariate) result[outcome.key] = outcome.value;
  }
  return result;
}
