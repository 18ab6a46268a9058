import { z } from 'zod';
import { IP_HANDLINGS } from './data-settings.ts';

const personalKey = z.string().min(1).max(200);

/** `GET`/`PATCH …/data_settings/` answer. `anonymize_ips` is PostHog's project field, derived from `ip_handling`. */
export const dataSettingsResponseSchema = z.object({
  ip_handling: z.enum(IP_HANDLINGS),
  anonymize_ips: z.boolean(),
  personal_property_keys: z.array(z.string()),
  event_retention_days: z.number().int().nullable(),
  rollups_enabled: z.boolean(),
  stale_days: z.number().int(),
});

/**
 * A change to some of the settings. `event_retention_days` below 1 passes the schema on purpose: the service
 * refuses it with its own code (`RETENTION_TOO_SHORT`) rather than a generic validation error.
 */
export const updateDataSettingsSchema = z
  .object({
    ip_handling: z.enum(IP_HANDLINGS).optional(),
    /** PostHog's switch: true drops `$ip` (as PostHog does), false keeps it. `ip_handling` wins if both are sent. */
    anonymize_ips: z.boolean().optional(),
    personal_property_keys: z.array(personalKey).max(500).optional(),
    event_retention_days: z.number().int().max(36_500).nullable().optional(),
    rollups_enabled: z.boolean().optional(),
    stale_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export type UpdateDataSettings = z.infer<typeof updateDataSettingsSchema>;

/** One day of a project's stored events: count and approximate bytes. */
export const dataUsageResponseSchema = z.object({
  total: z.object({ events: z.number(), approximate_bytes: z.number() }),
  days: z.array(z.object({ day: z.string(), events: z.number(), approximate_bytes: z.number() })),
  event_retention_days: z.number().int().nullable(),
});
