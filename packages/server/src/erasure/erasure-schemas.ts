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

/**
 * PostHog's `POST /persons/bulk_delete/` body: person uuids and/or distinct ids (at most 1000 in all).
 * `keep_person` means `events_only`; `mode` (a Signpost extension) wins over it. PostHog keeps the events
 * unless `delete_events`; an erasure here always takes them, so `delete_events` changes nothing.
 */
export const bulkErasureSchema = z
  .object({
    ids: z.array(z.string().min(1).max(400)).max(1000).default([]),
    distinct_ids: z.array(z.string().min(1).max(400)).max(1000).default([]),
    delete_events: z.boolean().optional(),
    keep_person: z.boolean().default(false),
    mode: z.enum(ERASURE_MODES).optional(),
    personal_keys: z.array(z.string().min(1).max(400)).max(100).optional(),
  })
  .refine((b) => b.ids.length + b.distinct_ids.length > 0, { message: 'name at least one id or distinct id' })
  .refine((b) => b.ids.length + b.distinct_ids.length <= 1000, { message: 'at most 1000 ids in all' });

export const erasuresQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const bulkErasureResponseSchema = z.object({
  /** One erasure record per person found. */
  results: z.array(z.lazy(() => erasureResponseSchema)),
  /** The ids and distinct ids that named nobody (or a person already erased by an earlier entry). */
  not_found: z.array(z.string()),
});

export const erasureResponseSchema = z.object({
  id: z.string(),
  mode: z.enum(ERASURE_MODES),
  requested_by: z.string(),
  created_at: z.string(),
  /** Rows removed or rewritten per table; never the erased values. */
  counts: z.record(z.string(), z.number()),
});
