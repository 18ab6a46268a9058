import { z } from 'zod';

export const createSecretKeySchema = z.object({
  label: z.string().trim().min(1).max(200).default('Local evaluation'),
});

export const rollSecretKeySchema = z.object({
  /** When the rolled key stops working; default 24 hours from now, at most 30 days. */
  previous_key_expires_at: z.iso.datetime({ offset: true }).optional(),
});
