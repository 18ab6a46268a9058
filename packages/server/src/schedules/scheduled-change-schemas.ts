import { z } from 'zod';
import { filtersSchema } from '../flags/flag-schemas.ts';
import { ownKeysObjectSchema } from '../util/own-keys.ts';

// PostHog's `scheduled_changes` wire format: `payload` is `{operation, value}`. PostHog knows `update_status`,
// `add_release_condition` and `update_variants`; the other operations are Signpost's, for the rest of what a
// rollout changes (a percentage, the whole filters, payloads).

const variantsValue = z.object({
  variants: z
    .array(
      z.object({
        key: z.string().regex(/^[a-zA-Z0-9_-]+$/),
        name: z.string().nullish(),
        // Checked by the service, so a bad percentage answers ROLLOUT_OUT_OF_RANGE like a bad rollout.
        rollout_percentage: z.number(),
      }),
    )
    .min(1),
  payloads: ownKeysObjectSchema.nullish(),
});

export const scheduledPayloadSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('update_status'), value: z.boolean() }),
  z.object({ operation: z.literal('update_rollout'), value: z.number() }),
  z.object({ operation: z.literal('add_release_condition'), value: filtersSchema }),
  z.object({ operation: z.literal('update_filters'), value: filtersSchema }),
  z.object({ operation: z.literal('update_variants'), value: variantsValue }),
  z.object({ operation: z.literal('update_payloads'), value: ownKeysObjectSchema }),
]);
export type ScheduledPayload = z.infer<typeof scheduledPayloadSchema>;

/** An ISO time, or `"now"` (absent means now too): a change to apply right away. */
const when = z.union([z.literal('now'), z.iso.datetime({ offset: true })]).optional();

export const createScheduledChangeSchema = z.object({
  // PostHog sends the flag id as a number or a string.
  record_id: z.union([z.number().int().min(1), z.string().regex(/^\d+$/).transform(Number)]),
  model_name: z.literal('FeatureFlag'),
  payload: scheduledPayloadSchema,
  scheduled_at: when,
});
export type CreateScheduledChangeInput = z.infer<typeof createScheduledChangeSchema>;

export const createPlanSchema = z.object({
  steps: z
    .array(
      z.object({
        scheduled_at: when,
        payload: scheduledPayloadSchema,
        // Ids of the flag's guardrails (`…/feature_flags/:id/guardrails/`): defined once there, waited on here.
        guardrails: z.array(z.string().min(1).max(100)).max(10).optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

export const listScheduledChangesQuerySchema = z.object({
  model_name: z.literal('FeatureFlag').optional(),
  record_id: z.coerce.number().int().min(1).optional(),
});

/** A scheduled change as answered (documents `schedule-json.ts` in OpenAPI). */
export const scheduledChangeResponseSchema = z.object({
  id: z.string(),
  team_id: z.number().int(),
  record_id: z.string(),
  model_name: z.literal('FeatureFlag'),
  payload: scheduledPayloadSchema,
  scheduled_at: z.string(),
  executed_at: z.string().nullable(),
  failure_reason: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  status: z.enum(['pending', 'paused', 'executed', 'failed', 'cancelled']),
  cancelled_at: z.string().nullable(),
  plan_id: z.string().nullable(),
  step: z.number().int().nullable(),
  environment_id: z.number().int(),
  guardrails: z.array(z.string()),
  paused_at: z.string().nullable(),
  pause_reason: z.string().nullable(),
  guardrails_waived_by: z.string().nullable(),
});

export const planResponseSchema = z.object({
  id: z.string(),
  flag_id: z.number().int(),
  environment_id: z.number().int(),
  status: z.enum(['active', 'paused', 'completed', 'failed', 'cancelled']),
  /** Why the plan is paused (its failing guardrails and their figures); null unless paused. */
  pause_reason: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  steps: z.array(scheduledChangeResponseSchema),
});
