import { z } from 'zod';
import { ERASURE_MODES } from './erasure.ts';

const mode = z.enum(ERASURE_MODES).default('erase');
// Comma-separated, since DELETE requests carry no body most clients will send.
const personalKeys = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
  )
  .optional();

export const erasureByIdQuerySchema = z.object({ mode, personal_keys: personalKeys });

export const erasureByDistinctIdQuerySchema = z.object({
  distinct_id: z.string().min(1).max(400),
  mode,
  personal_keys: personalKeys,
});

export const erasuresQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const erasureResponseSchema = z.object({
  id: z.string(),
  mode: z.enum(ERASURE_MODES),
  requested_by: z.string(),
  created_at: z.string(),
  /** Rows removed or rewritten per table; never the erased values. */
  counts: z.record(z.string(), z.number()),
});
