import { z } from 'zod';
import { ownKeysObjectSchema } from '../util/own-keys.ts';

// Wire formats of the feature-flag management API (PostHog's shapes). Structural checks live here; checks that
// need the project's state (unique keys, known cohorts and group types) live in flag-validation.ts.

const propertySchema = z.looseObject({
  key: z.string().min(1),
  type: z.enum(['person', 'group', 'cohort', 'flag', 'person_metadata']).default('person'),
  value: z.unknown(),
  operator: z.string().nullish(),
  negation: z.boolean().nullish(),
  group_type_index: z.number().int().min(0).max(4).nullish(),
  dependency_chain: z.array(z.string()).nullish(),
});

const rollout = z.number().min(0).max(100).nullish();

const conditionSchema = z.looseObject({
  properties: z.array(propertySchema).nullish(),
  rollout_percentage: rollout,
  variant: z.string().nullish(),
  aggregation_group_type_index: z.number().int().min(0).max(4).nullish(),
  description: z.string().nullish(),
  sort_key: z.string().nullish(),
});

const variantSchema = z.object({
  key: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'variant keys may contain only letters, digits, - and _'),
  name: z.string().nullish(),
  rollout_percentage: z.number().min(0).max(100),
});

export const filtersSchema = z.looseObject({
  groups: z.array(conditionSchema).default([]),
  multivariate: z.object({ variants: z.array(variantSchema).min(1) }).nullish(),
  // Keyed by variant names, which may be `__proto__` or `constructor` like any other.
  payloads: ownKeysObjectSchema.nullish(),
  aggregation_group_type_index: z.number().int().min(0).max(4).nullish(),
  super_groups: z.array(conditionSchema).nullish(),
  feature_enrollment: z.boolean().nullish(),
  holdout: z.object({ id: z.number().int(), exclusion_percentage: z.number().min(0).max(100) }).nullish(),
});

const flagFields = z
  .object({
    name: z.string().max(400),
    filters: filtersSchema,
    active: z.boolean(),
    deleted: z.boolean(),
    ensure_experience_continuity: z.boolean(),
    evaluation_runtime: z.enum(['server', 'client', 'all']),
    bucketing_identifier: z.enum(['distinct_id', 'device_id']),
    evaluation_tags: z.array(z.string().min(1)),
    evaluation_contexts: z.array(z.string().min(1)),
    is_remote_configuration: z.boolean(),
    tags: z.array(z.string().min(1)),
    archived: z.boolean(),
    permanent: z.boolean(),
  })
  .partial();

export const flagKeySchema = z
  .string()
  .min(1)
  .max(400)
  .regex(/^[a-zA-Z0-9_-]+$/, 'keys may contain only letters, digits, - and _');

export const createFlagSchema = flagFields.extend({ key: flagKeySchema });
export const updateFlagSchema = flagFields.extend({ key: flagKeySchema.optional() });
export type CreateFlagInput = z.infer<typeof createFlagSchema>;
export type UpdateFlagInput = z.infer<typeof updateFlagSchema>;
export type FiltersInput = z.infer<typeof filtersSchema>;

export const listFlagsQuerySchema = z.object({
  search: z.string().min(1).max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  /** `true`: only archived flags; otherwise archived ones are left out. */
  archived: z.enum(['true', 'false']).optional(),
  /** `true`: only stale flags (see flag-usage/flag-staleness.ts). */
  stale: z.enum(['true', 'false']).optional(),
  /** Days a condition must hold to make a flag stale; defaults to the project's setting (30). */
  stale_days: z.coerce.number().int().min(1).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const flagUsageQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  stale_days: z.coerce.number().int().min(1).max(3650).optional(),
});
