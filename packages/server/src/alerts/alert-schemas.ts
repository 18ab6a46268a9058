import { z } from 'zod';
import { ALERT_CONDITIONS } from './alert.ts';

// PostHog's alert shape (`condition`, `threshold.configuration.bounds`, `config.series_index`) plus what
// Signpost adds: how often to check, and an action to take when the alert starts firing.

const bound = z.number().finite().nullable().optional();
const interval = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

export const createAlertSchema = z.strictObject({
  name: z.string().min(1).max(400).optional(),
  insight: z.number().int().positive(),
  enabled: z.boolean().optional(),
  condition: z.strictObject({ type: z.enum(ALERT_CONDITIONS) }).optional(),
  threshold: z
    .object({
      configuration: z.object({
        type: z.enum(['absolute', 'percentage']).optional(),
        bounds: z.object({ lower: bound, upper: bound }).optional(),
      }),
    })
    .nullable()
    .optional(),
  config: z
    .object({
      type: z.literal('TrendsAlertConfig').optional(),
      series_index: z.number().int().min(0).max(999).optional(),
    })
    .nullable()
    .optional(),
  check_interval_minutes: interval.optional(),
  action: z
    .strictObject({ type: z.literal('disable_flag'), flag: z.number().int().positive() })
    .nullable()
    .optional(),
});
export type CreateAlertInput = z.infer<typeof createAlertSchema>;

export const updateAlertSchema = createAlertSchema.partial();
export type UpdateAlertInput = z.infer<typeof updateAlertSchema>;

export const createGuardrailSchema = z.strictObject({
  name: z.string().min(1).max(400).optional(),
  /** `event` (default): a count or rate of `event` among the flag's users; `srm`: the split's sample ratio. */
  type: z.enum(['event', 'srm']).optional(),
  /** Required for `event` guardrails (checked by the service); not used by `srm`. */
  event: z.string().min(1).max(400).optional(),
  denominator_event: z.string().min(1).max(400).nullable().optional(),
  /**
   * Event guardrails: the value to stay below (required, checked by the service so its absence gets its own code;
   * a fraction 0–1 for a rate). SRM: the p-value below which the split counts as broken (default 0.001).
   */
  threshold: z.number().finite().min(0).nullable().optional(),
  window_minutes: interval.optional(),
  critical: z.boolean().optional(),
  enabled: z.boolean().optional(),
  check_interval_minutes: interval.optional(),
});
export type CreateGuardrailInput = z.infer<typeof createGuardrailSchema>;

export const updateGuardrailSchema = createGuardrailSchema.partial();
export type UpdateGuardrailInput = z.infer<typeof updateGuardrailSchema>;

const checkState = {
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  check_interval_minutes: z.number(),
  /** PostHog's spelling of the state. */
  state: z.enum(['Firing', 'Not firing', 'Errored']),
  last_value: z.number().nullable(),
  last_message: z.string().nullable(),
  last_checked_at: z.string().nullable(),
  next_check_at: z.string(),
  created_at: z.string(),
  created_by: z.string(),
};

export const alertResponseSchema = z.object({
  ...checkState,
  insight: z.number(),
  condition: z.object({ type: z.enum(ALERT_CONDITIONS) }),
  threshold: z.object({
    configuration: z.object({
      type: z.enum(['absolute', 'percentage']),
      bounds: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }),
    }),
  }),
  config: z.object({ type: z.literal('TrendsAlertConfig'), series_index: z.number() }),
  action: z.object({ type: z.literal('disable_flag'), flag: z.number() }).nullable(),
});

export const guardrailResponseSchema = z.object({
  ...checkState,
  type: z.enum(['event', 'srm']),
  flag: z.number(),
  /** `$feature_flag_called` for SRM guardrails (the exposures they count). */
  event: z.string(),
  denominator_event: z.string().nullable(),
  threshold: z.number(),
  window_minutes: z.number(),
  critical: z.boolean(),
});
