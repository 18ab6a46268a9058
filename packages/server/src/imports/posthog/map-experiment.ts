import { isObject, type JsonObject, pick } from './posthog-json.ts';

const EXPERIMENT_FIELDS = [
  'name',
  'description',
  'feature_flag_key',
  'parameters',
  'start_date',
  'end_date',
  'archived',
  'exposure_criteria',
  'metrics',
  'metrics_secondary',
  'stats_config',
] as const;

/**
 * The create body of an experiment. PostHog's holdout is a separate object (id, name, filters) shared between
 * experiments; Signpost's is an exclusion percentage, so only that is carried over.
 */
export function mapExperiment(experiment: JsonObject): JsonObject {
  const body = pick(experiment, EXPERIMENT_FIELDS);
  for (const [key, value] of Object.entries(body)) if (value === null && key !== 'end_date') delete body[key];
  const percentage = holdoutPercentage(experiment.holdout);
  if (percentage !== null) body.holdout = { exclusion_percentage: percentage };
  return body;
}

function holdoutPercentage(holdout: unknown): number | null {
  if (!isObject(holdout) || !Array.isArray(holdout.filters)) return null;
  const first = holdout.filters[0];
  return isObject(first) && typeof first.rollout_percentage === 'number' ? first.rollout_percentage : null;
}
