import { z } from 'zod';

/**
 * The wire format of one captured event (compat notes §2.1). Loose on purpose: PostHog accepts unknown fields
 * and so must we; only what we read is checked here.
 */
export const rawEventSchema = z.looseObject({
  event: z.string().optional(),
  distinct_id: z.unknown().optional(),
  $distinct_id: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  sent_at: z.union([z.string(), z.number()]).nullish(),
  offset: z.number().nullish(),
  uuid: z.string().nullish(),
  $set: z.record(z.string(), z.unknown()).nullish(),
  $set_once: z.record(z.string(), z.unknown()).nullish(),
  token: z.string().nullish(),
  $token: z.string().nullish(),
  api_key: z.string().nullish(),
  library: z.string().nullish(),
  library_version: z.string().nullish(),
});
export type RawEvent = z.infer<typeof rawEventSchema>;

export const envelopeSchema = z.looseObject({
  batch: z.array(z.unknown()),
  api_key: z.string().nullish(),
  token: z.string().nullish(),
  $token: z.string().nullish(),
  sent_at: z.union([z.string(), z.number()]).nullish(),
  historical_migration: z.boolean().nullish(),
});

/** What `POST /batch/` and friends answer. `dropped` lists events refused for their own fault. */
export const captureResponseSchema = z.object({
  status: z.literal(1),
  dropped: z
    .array(z.object({ index: z.number(), uuid: z.string().nullable(), code: z.string(), detail: z.string() }))
    .optional(),
});
export type CaptureResponse = z.infer<typeof captureResponseSchema>;
