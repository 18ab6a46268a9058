import { z } from 'zod';
import { isScope } from '../access/scopes.ts';

export const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export const setupSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(8, 'use at least 8 characters').max(1024),
  /** Proves the operator: the key Signpost printed on its first start (or SIGNPOST_PERSONAL_API_KEY). */
  personal_api_key: z.string().min(1).max(200),
});

export const createPersonalKeySchema = z.object({
  label: z.string().trim().min(1).max(200),
  /** PostHog's scope names; defaults to everything the creator may do. */
  scopes: z
    .array(z.string().refine(isScope, { message: 'is not a known scope (e.g. "feature_flag:read" or "*")' }))
    .min(1)
    .max(64)
    .optional(),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
});
