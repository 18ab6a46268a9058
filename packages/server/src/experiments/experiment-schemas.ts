import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-schemas.ts';
import { propertiesSchema } from '../query/query-schemas.ts';

// Wire formats of the experiments API, in PostHog's shapes (its `ExperimentMetric` query node for metrics,
// `exposure_criteria.exposure_config` for a custom exposure event). Checks that need the project's flags live in
// experiment-service.ts.

const eventNode = z.object({
  kind: z.literal('EventsNode').default('EventsNode'),
  event: z.string().min(1).max(400),
  properties: propertiesSchema.nullish(),
});

const metricBase = {
  kind: z.literal('ExperimentMetric').default('ExperimentMetric'),
  uuid: z.string().min(1).max(100).optional(),
  name: z.string().max(400).nullish(),
  /** Only events this long after the person's first exposure count; null: until the experiment ends. */
  conversion_window: z.number().int().min(1).max(10_000).nullish(),
  conversion_window_unit: z.enum(['hour', 'day', 'week']).default('day'),
  goal: z.enum(['increase', 'decrease']).default('increase'),
};

const funnelMetric = z.object({
  ...metricBase,
  metric_type: z.literal('funnel'),
  series: z.array(eventNode).length(1, 'a conversion metric has exactly one step: the event converted to'),
});

const meanMetric = z.object({
  ...metricBase,
  metric_type: z.literal('mean'),
  source: eventNode.extend({
    /** total: events per person; sum: a numeric event property summed per person. */
    math: z.enum(['total', 'sum']).default('total'),
    math_property: z.string().min(1).max(400).nullish(),
  }),
});

export const experimentMetricSchema = z
  .discriminatedUnion('metric_type', [funnelMetric, meanMetric])
  .refine((m) => m.metric_type !== 'mean' || m.source.math !== 'sum' || !!m.source.math_property, {
    message: 'math "sum" needs math_property, the numeric event property to add up',
    path: ['source', 'math_property'],
  });
export type ExperimentMetricInput = z.infer<typeof experimentMetricSchema>;

const exposureConfigSchema = z.object({
  kind: z.literal('ExperimentEventExposureConfig').default('ExperimentEventExposureConfig'),
  event: z.string().min(1).max(400),
  properties: propertiesSchema.nullish(),
});
export type ExposureConfigInput = z.infer<typeof exposureConfigSchema>;

const variantSchema = z.object({
  key: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'variant keys may contain only letters, digits, - and _'),
  name: z.string().nullish(),
  rollout_percentage: z.number().min(0).max(100),
});

const experimentFields = z
  .object({
    name: z.string().min(1).max(400),
    description: z.string().max(4000).nullish(),
    parameters: z.object({ feature_flag_variants: z.array(variantSchema).min(2).max(20).optional() }).loose(),
    start_date: z.iso.datetime({ offset: true }).nullable(),
    end_date: z.iso.datetime({ offset: true }).nullable(),
    archived: z.boolean(),
    holdout: z.object({ exclusion_percentage: z.number().gt(0).lt(100) }).nullable(),
    exposure_criteria: z.object({ exposure_config: exposureConfigSchema.nullish() }).loose().nullable(),
    metrics: z.array(experimentMetricSchema).max(10),
    metrics_secondary: z.array(experimentMetricSchema).max(20),
    stats_config: z
      .object({ method: z.enum(['frequentist', 'bayesian']).optional() })
      .loose()
      .nullable(),
  })
  .partial();

export const createExperimentSchema = experimentFields.extend({
  name: z.string().min(1).max(400),
  feature_flag_key: flagKeySchema,
});
export const updateExperimentSchema = experimentFields.extend({ deleted: z.boolean().optional() });
export const shipVariantSchema = z.object({ variant: z.string().min(1).max(400) });
export const listExperimentsQuerySchema = z.object({
  archived: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const resultsQuerySchema = z.object({ refresh: z.enum(['true', 'false', '1', '0']).optional() });

export type CreateExperimentInput = z.infer<typeof createExperimentSchema>;
export type UpdateExperimentInput = z.infer<typeof updateExperimentSchema>;
