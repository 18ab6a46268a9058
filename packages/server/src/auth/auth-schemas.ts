import { z } from 'zod';

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
});
