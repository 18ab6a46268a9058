import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-schemas.ts';
import { EARLY_ACCESS_STAGES } from './early-access-feature.ts';

// Wire formats of PostHog's early-access API: `/api/projects/:id/early_access_feature/` for the app and
// `/api/early_access_features/` for posthog-js.

const documentationUrl = z
  .string()
  .max(2000)
  .refine((s) => s === '' || /^https?:\/\/\S+$/i.test(s), 'must be an http(s) URL or empty');

const fields = z
  .object({
    name: z.string().trim().min(1).max(400),
    description: z.string().max(5000),
    stage: z.enum(EARLY_ACCESS_STAGES),
    documentation_url: documentationUrl.nullable().transform((s) => s ?? ''),
    payload: z.unknown(),
  })
  .partial();

/**
 * A new feature links an existing flag (`feature_flag_id`) or gets a new one, keyed `feature_flag_key` or
 * derived from the name as PostHog does.
 */
export const createEarlyAccessSchema = fields.extend({
  name: z.string().trim().min(1).max(400),
  feature_flag_id: z.number().int().positive().nullish(),
  feature_flag_key: flagKeySchema.nullish(),
});
export const updateEarlyAccessSchema = fields;
export type CreateEarlyAccessInput = z.infer<typeof createEarlyAccessSchema>;
export type UpdateEarlyAccessInput = z.infer<typeof updateEarlyAccessSchema>;
