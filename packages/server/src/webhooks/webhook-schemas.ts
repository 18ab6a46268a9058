import { z } from 'zod';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from './webhook.ts';

// `events` stays a list of strings here: the service answers unknown names with UNKNOWN_WEBHOOK_EVENT, a code
// clients can act on, instead of the generic INVALID_BODY an enum would give.
export const createWebhookSchema = z.strictObject({
  url: z.string().min(1).max(2000),
  events: z.array(z.string().max(100)).max(WEBHOOK_EVENTS.length * 2),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  enabled: z.boolean().optional(),
});

export const updateWebhookSchema = createWebhookSchema.partial();

export const webhookResponseSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
  failing: z.boolean(),
  consecutive_failures: z.number(),
  created_at: z.string(),
  created_by: z.string(),
  /** Only in the answer to the create request. */
  secret: z.string().optional(),
});

export const deliveryResponseSchema = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: z.number(),
  created_at: z.string(),
  next_attempt_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  response_status: z.number().nullable(),
  duration_ms: z.number().nullable(),
  response: z.string().nullable(),
});
